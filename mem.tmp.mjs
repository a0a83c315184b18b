const mods = process.argv.slice(2);
const r = () => (process.memoryUsage().rss / 1048576).toFixed(0);
const h = () => (process.memoryUsage().heapUsed / 1048576).toFixed(0);
console.log('base', r(), h());
for (const m of mods) { await import(m); globalThis.gc?.(); console.log(m.padEnd(50), r(), h()); }
