// Injected into the CLI's CommonJS bundles: what `import.meta.url` stands for there.
export const __cgModuleUrl = require("node:url").pathToFileURL(__filename).href;
