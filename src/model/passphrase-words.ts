/**
 * Word lists for suggested passphrases, one per UI language.
 *
 * Why our own lists and not zxcvbn's dictionaries: those are frequency lists of everything people
 * type (names, slang, verb forms, insults, words with accents). A suggestion must be easy to read,
 * spell and type on any keyboard, so these are common, concrete words, written by hand:
 * - lower-case ASCII letters only, 4 to 8 letters (French words with accents left out: « fenetre »
 *   looks wrong, « fenêtre » is hard to type on a QWERTY keyboard);
 * - no days, months, seasons, numbers, colours of the rainbow or planets: zxcvbn's word-sequence
 *   matcher rates "lundi-mardi" as one guess, and we want every word to count;
 * - nothing rude, nothing sad.
 * test/unit/passphrase.test.ts checks these properties and reports the entropy.
 *
 * About 1 000 words each, so ≈ 10 bits per word: four words, a capital and a digit give ≈ 47 bits
 * (see `passphraseEntropyBits`), and zxcvbn scores every tested suggestion 4.
 *
 * Kept as one space-separated string: shorter to read here and in the bundle than an array literal.
 */

const FR = `
chat vache mouton poule canard oiseau poisson renard loup ours girafe souris hibou aigle pigeon
corbeau moineau merle mouette dauphin baleine requin tortue crapaud abeille fourmi papillon mouche
escargot castor blaireau marmotte chamois bison chameau taupe loutre phoque pingouin manchot cygne
faucon vautour canari hamster poney agneau buffle koala panda jaguar gazelle antilope crabe homard
moule sardine saumon truite thon carpe brochet anguille pieuvre calamar crevette limace chenille
criquet grillon frelon colombe flamant autruche renne cerf biche sanglier belette furet otarie
morse lama pain beurre fromage lait sucre miel farine tarte biscuit brioche baguette soupe salade
tomate carotte poireau oignon navet radis courge citron pomme poire prune cerise fraise banane
ananas mangue kiwi melon raisin abricot figue datte noix noisette amande olive avocat haricot
lentille semoule poivre moutarde vinaigre sauce omelette gaufre chocolat bonbon caramel vanille
cannelle menthe persil basilic thym laurier poivron piment patate pizza sandwich jambon poulet
saucisse yaourt glace sorbet biscotte tartine tisane sirop limonade cidre bouillon potage galette
beignet meringue nougat praline marron compote cornet pastille maison table chaise porte lampe
armoire tiroir placard miroir tapis rideau coussin oreiller drap savon brosse peigne ciseaux
aiguille bouton crayon stylo cahier livre papier carton panier seau balai marteau clou corde
ficelle bougie horloge montre radio piano guitare violon tambour harpe sifflet ballon jouet toupie
puzzle domino cerceau luge raquette moto voiture camion bateau avion train tracteur navire canot
barque voilier valise cartable chapeau bonnet manteau veste chemise pantalon jupe robe botte
sandale ceinture cravate bijou bague collier perle cadre tableau vase assiette tasse verre couteau
frigo robinet douche bureau fauteuil tabouret banc coffre serrure cadenas boussole lanterne
jumelles loupe aimant pinceau palette craie gomme compas globe carte journal lettre timbre colis
paquet cadeau ruban parasol hamac arrosoir brouette pelle tablier torchon nappe bocal
casque gilet moufle arbre bois feuille fleur tulipe lilas jasmin lavande muguet mousse herbe
prairie champ jardin verger vigne buisson haie racine tronc branche graine bourgeon sapin saule
bouleau platane tilleul olivier palmier cactus bambou rocher caillou sable plage dune falaise
colline montagne fleuve ruisseau source vague marais volcan glacier neige pluie orage nuage vent
brume soleil lune ciel aurore tonnerre grotte savane jungle canyon cascade torrent lagune golfe
baie phare quai pont chemin sentier route place village ville campagne ferme moulin grange chalet
cabane tente tour gare parc stade piscine cirque usine atelier boutique cuisine salon chambre
grenier cave garage terrasse balcon cour toit escalier couloir plafond plancher volet portail
clocher fontaine statue colonne tunnel barrage canal digue oasis rivage estuaire bosquet
calme joyeux rapide blanc noir gris brun argent doux chaud froid propre fort lourd solide fragile
brillant sombre clair rond long court haut profond simple facile agile habile sage fier timide
curieux gentil poli content heureux paisible malin vaillant chanter danser courir marcher nager
sauter voler rouler lire dessiner peindre jouer rire parler manger boire dormir penser chercher
trouver garder porter tirer pousser ouvrir fermer monter tourner cuisiner planter cueillir arroser
semer grimper glisser siffler souffler tricoter coudre bricoler nettoyer ranger laver cuire partir
venir arriver sortir entrer rester voyager visiter compter mesurer peser briller fondre bondir
plonger ramer camper cultiver inventer explorer imaginer raconter regarder observer sourire saluer
offrir donner prendre tenir servir sentir toucher attraper lancer viser gagner choisir finir
grandir fleurir nourrir remplir bouger musique chanson danse sport match course voyage vacances
semaine saison minute moment histoire conte fable roman dessin image photo film concert spectacle
boulanger boucher facteur pompier docteur pilote marin pirate sorcier lutin reine prince
berger fermier peintre potier artiste acteur chanteur danseur clown magicien savant voisin copain
cousin oncle tante enfant famille main pied bras jambe bouche oreille genou doigt coude cheville
ventre menton joue langue dent coeur sourcil plume encre feutre tampon agenda classeur trousse
sablier pendule cloche grelot flocon goutte bulle vapeur flamme braise cendre charbon silex granit
marbre ardoise argile brique tuile ciment duvet laine coton soie velours lin cuir osier rotin
bouchon capsule ressort levier poulie rouage moteur pneu guidon selle sonnette antenne satellite
lasso boomerang parfum odeur saveur couleur forme taille poids vitesse hauteur distance
ancre voile hublot cabine escale port galion radeau pagaie filet canne capitaine tuba
trompette cor banjo ukulele harmonica clavier batterie xylophone rythme refrain couplet
note gamme accord solo duo trio chorale orchestre football tennis rugby volley basket judo karate
boxe escrime aviron surf ski patin roller skate yoga marche saut relais podium coupe arbitre but
poteau terrain piste tremplin balle crosse robot galaxie orbite astronaute navette sonde
microbe atome prisme ampoule pile circuit prise fil radar sonar laser alarme signal code puce
logiciel fichier dossier pixel serveur routeur modem crumble flan clafoutis quiche lasagne gratin
risotto paella couscous tajine curry sushi ramen taco burrito kebab falafel houmous pesto pistou
tapenade ratatouille fondue raclette tartiflette blini pancake muffin cookie brownie donut macaron
baba savarin financier pommier poirier cerisier prunier figuier noyer acacia magnolia
hortensia pivoine dahlia jacinthe narcisse jonquille myosotis ortie chardon pissenlit coquelicot
bleuet tournesol mimosa gui houx lierre algue corail nacre coquille galet coquillage oursin
hirondelle rossignol pinson geai pie grive alouette martinet coucou perdrix faisan caille dinde
oie paon toucan perroquet grenouille salamandre triton libellule sauterelle cigale coccinelle
lucane puceron tonneau chariot wagon bidon gourde sachet boucle agrafe trombone punaise pochette
sacoche besace bourse tirelire chevalet toile carnet fusain pastel gouache lardon endive fenouil
panais cresson roquette oseille ciboule muscade safran curcuma paprika cumin anis guimauve sucette
calisson chausson granola muesli tapioca polenta boulgour quinoa tofu soja refuge auberge manoir
donjon rempart bastion marina ponton crique atoll lagon fjord steppe toundra plateau vallon combe
ravin sommet cime versant pente alpage bergerie vignoble potager serre mare bassin lavoir kiosque
square avenue ruelle impasse parking tramway autobus taxi aventure secret indice message bonjour
merci hourra victoire surprise voyageur rameur nageur coureur grimpeur skieur cycliste jongleur
acrobate dompteur toboggan bascule billes osselet marelle cachette kermesse fanfare clairon pipeau
hautbois basson cithare lyre orgue triangle maracas pollen tige ronce liane lichen romarin sauge
aneth estragon cerfeuil verveine lotus roseau jonc peuplier aulne sureau oranger sequoia baobab
ginkgo mangrove givre verglas rafale brise mistral sirocco ouragan cyclone tornade mousson
crachin averse halo horizon mulot lemming gerbille cobaye alpaga gnou okapi tapir lynx puma ocelot
chacal coyote dingo raton moufette opossum tatou pangolin suricate gecko iguane varan python cobra
orque narval beluga lamantin raie merlu colin hareng anchois rouget dorade turbot limande palourde
seiche poulpe libraire horloger tailleur forgeron plombier vitrier vigneron meunier gardien
veilleur guide conteur caissier vendeur marchand banquier notaire juge maire matelot corsaire
graveur relieur
`;

const EN = `
cat dog cow sheep pig hen duck bird fish fox wolf bear giraffe mouse owl eagle pigeon crow sparrow
robin seagull dolphin whale shark turtle toad bee ant butterfly fly snail beaver badger marmot
bison camel mole otter seal penguin swan falcon vulture canary hamster pony lamb bull buffalo
koala panda jaguar gazelle antelope crab lobster mussel sardine salmon trout tuna carp pike eel
octopus squid shrimp slug caterpillar cricket hornet dove flamingo ostrich reindeer deer doe boar
weasel ferret walrus llama zebra kangaroo hedgehog squirrel lizard frog newt dragonfly ladybug
beetle spider moth parrot toucan peacock goose turkey quail pheasant lark finch wren heron stork
crane puffin magpie raven hawk bread butter cheese milk sugar honey flour pie biscuit bun soup
salad tomato carrot leek onion turnip radish cabbage squash lemon apple pear plum cherry berry
banana pineapple mango kiwi melon grape apricot fig date walnut hazelnut almond olive avocado bean
lentil pepper mustard vinegar sauce omelet waffle chocolate candy caramel vanilla cinnamon mint
parsley basil thyme garlic pizza sandwich ham chicken sausage yogurt sorbet toast tea syrup
lemonade cider broth porridge pancake muffin cookie brownie donut cupcake pretzel noodle pasta
rice curry taco burrito sushi ramen pudding custard jelly jam marmalade pickle popcorn peanut
cashew pistachio coconut peach nectarine lime grapefruit papaya guava lychee raspberry blueberry
cranberry celery spinach lettuce broccoli potato pumpkin zucchini cucumber ginger nutmeg saffron
house table chair door lamp wardrobe drawer closet mirror carpet curtain cushion pillow sheet soap
brush comb scissors needle button pencil pen notebook book paper box basket bucket broom hammer
nail rope string candle clock watch radio piano guitar violin drum harp whistle ball toy puzzle
domino hoop sled racket bike scooter car truck boat plane train tractor ship canoe raft sailboat
suitcase satchel hat cap coat jacket shirt trousers skirt dress boot sandal belt tie jewel ring
necklace pearl frame picture vase plate cup glass knife fork spoon oven fridge tap shower desk
armchair stool bench chest lock padlock compass lantern magnet palette chalk eraser globe map
journal letter stamp parcel gift ribbon umbrella hammock kettle teapot bottle jar ladder shovel
rake apron towel napkin helmet vest mitten glove scarf sock slipper blanket quilt barrel crate
wagon cart anchor paddle oar sail mast cabin deck tree wood leaf flower rose tulip lilac jasmine
lavender moss grass meadow field garden orchard vine bush hedge root trunk branch seed bud pine
fir willow birch maple oak palm cactus bamboo rock pebble sand beach dune cliff hill mountain
valley river stream lake pond wave marsh island volcano glacier snow rain storm cloud wind mist
sun moon sky star dawn thunder cave desert savanna jungle canyon waterfall lagoon gulf bay
lighthouse harbor pier bridge path trail road square village town city farm mill barn chalet tent
tower station park stadium pool circus factory workshop shop kitchen parlor bedroom attic cellar
garage terrace balcony yard roof stairs hallway ceiling floor shutter gate steeple fountain statue
column tunnel dam canal oasis shore creek grove forest prairie tundra reef coral shell seashell
starfish calm happy quick slow big white black grey brown silver soft warm cold clean strong heavy
solid fragile bright dark clear round long short wide high deep simple easy agile clever wise
proud shy curious kind polite glad cheerful peaceful brave gentle jolly lucky merry sunny cozy
fluffy shiny sparkly tidy quiet loud swift sturdy nimble witty bold humble noble fancy plain sing
dance run walk swim jump roll read draw paint play laugh talk eat drink sleep dream think search
find keep carry pull push open close climb turn cook plant pick water sow slide blow knit sew
build wash bake leave come arrive exit enter stay travel visit count measure weigh shine melt
bounce dive row camp grow invent explore imagine tell observe smile greet offer give take hold
serve smell touch catch throw aim win choose finish bloom feed fill move hike skate ski surf
gather wander music song sport match race journey holiday week moment story tale fable poem novel
drawing image photo film concert show riddle game party picnic parade baker butcher postman
fireman doctor pilot sailor pirate wizard elf queen prince shepherd farmer painter potter
artist actor singer dancer clown magician scholar neighbor friend cousin uncle aunt child family
hand foot arm leg mouth ear knee finger elbow ankle belly chin cheek tongue tooth heart feather
ink marker diary folder hourglass pendulum bell flake drop bubble steam smoke flame ember ash coal
flint granite marble slate clay brick tile cement down wool cotton silk velvet linen leather
wicker rattan cork lever pulley gear motor tire wheel pedal saddle antenna satellite lasso
boomerang kite yoyo perfume scent flavor color shape size weight speed height distance treasure
captain voyage cruise porthole galleon buoy net hook bait fisher flute tuba trumpet horn banjo
ukulele harmonica keyboard drums xylophone accordion melody rhythm chorus verse note scale chord
solo duet trio choir orchestra football tennis rugby volley judo karate boxing fencing rowing
sailing surfing skiing skating yoga relay podium medal trophy referee goal post pitch track robot
rocket comet galaxy meteor orbit crater astronaut probe atom prism lens bulb battery circuit cable
plug radar sonar laser siren alarm signal code key chip screen laptop tablet pixel network server
router crumble flan quiche lasagna gratin risotto paella couscous kebab falafel hummus pesto
fondue crepe blini macaron eclair acacia magnolia camellia azalea orchid peony dahlia hyacinth
daffodil clover thistle dandelion poppy cornflower sunflower mimosa holly ivy mistletoe seaweed
nacre urchin jellyfish swallow nightingale thrush skylark cuckoo partridge grasshopper cicada
scarab firefly teacup saucer ladle whisk skillet griddle blender toaster bowl tray pitcher torch
ruler stapler crayon sketch canvas easel chisel wrench pliers drill hatchet spade trowel hose
twine zipper pocket wallet purse backpack locket bracelet brooch crown tiara badge banner flag
poster postcard envelope magazine atlas almanac comic puppet teddy rattle cradle crib pram sleigh
tricycle kayak dinghy ferry yacht barge tugboat glider balloon airship zeppelin carriage coach
tram subway taxi muesli granola oatmeal bagel brioche scone crumpet cracker wafer toffee fudge
nougat praline truffle marzipan licorice lollipop gumdrop sundae smoothie cocoa coffee espresso
latte mocha chai sherbet gelato tart strudel pastry dumpling ravioli gnocchi polenta quinoa tofu
burger omelette frittata stew chowder gumbo chili salsa nacho tortilla gravy relish ketchup pollen
petal stem thorn bramble lichen fern heather juniper rosemary sage dill tarragon chervil verbena
lotus lily reed poplar alder elder hazel sequoia baobab ginkgo cedar cypress spruce larch mangrove
glade dell knoll ridge summit peak slope plateau gorge ravine fjord atoll cove inlet estuary swamp
bayou steppe geyser boulder cobble gravel quartz crystal amber jade ruby emerald sapphire opal
topaz garnet frost dew hail sleet breeze gust gale zephyr mistral monsoon cyclone tornado drizzle
rainbow sunrise sunset twilight horizon halo vole gerbil alpaca okapi tapir lynx puma ocelot
cheetah hyena jackal coyote dingo raccoon skunk possum sloth anteater pangolin meerkat gecko
iguana python cobra viper orca narwhal beluga manatee seahorse stingray haddock herring anchovy
mackerel halibut turbot oyster clam scallop panther leopard cougar moose elk caribou bobcat
chipmunk platypus wombat pelican osprey kestrel condor macaw cockatoo budgie starling warbler
oriole gull tern plover florist jeweler tailor weaver mason plumber glazier gardener vintner
miller logger ranger guard keeper guide narrator poet musician chef waiter cashier vendor merchant
banker judge mayor mariner explorer inventor sculptor engraver printer juggler acrobat tamer
jester minstrel bard mystery clue secret message thanks hooray victory surprise carousel swing
seesaw marbles hideout fanfare bugle bagpipe oboe bassoon cello mandolin zither lyre organ
triangle maracas castanet cymbal gong fiddle piccolo clarinet
`;

/** Dedupe, keep lower-case ASCII words of 4 to 8 letters (so a typo in the text above cannot
 * slip a bad entry into a suggestion). */
function wordsOf(text: string): readonly string[] {
  const words = text.split(/\s+/).filter((w) => /^[a-z]{4,8}$/.test(w));
  return Object.freeze([...new Set(words)]);
}

export const PASSPHRASE_WORDS = Object.freeze({
  fr: wordsOf(FR),
  en: wordsOf(EN),
});

export type PassphraseLanguage = keyof typeof PASSPHRASE_WORDS;
