declare module '*?script' {
  const path: string;
  export default path;
}
declare module 'virtual:strength-words' {
  const words: import('./strength/estimator.ts').StrengthWordMeta;
  export default words;
}
