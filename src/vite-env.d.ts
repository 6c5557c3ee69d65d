declare module '*?script' { const path: string; export default path; }
