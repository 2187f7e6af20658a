import { writeFileSync } from 'node:fs';
import { MODULE_ORDER, mermaidGraph } from '../src/testing/architecture.js';

// Redraws docs/architecture.md from the imports the code has (src/architecture.test.ts keeps it current).
const doc = `# How the server's folders depend on each other

Drawn by \`npm run graph\` from the imports in \`src/\` (composition — \`main.ts\`, \`app.ts\`, \`db/\`,
\`testing/\` — sits on top and is left out). Every arrow points down: \`src/architecture.test.ts\` fails
on an upward import, a cycle, a module reached other than through its \`index.ts\`, or a table
written by a module that does not own it.

Module order, lowest first: ${MODULE_ORDER.join(' → ')}.

\`\`\`mermaid
${mermaidGraph()}
\`\`\`
`;
writeFileSync(new URL('../docs/architecture.md', import.meta.url), doc);
console.log('docs/architecture.md written');
