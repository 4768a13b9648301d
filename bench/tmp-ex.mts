// Run a build; the first statement matching RE is EXPLAIN ANALYZEd (printed) before it runs.
import { rm } from 'node:fs/promises';
import { build } from '/work/main/engine/build.ts';
import { Db } from '/work/main/engine/db.ts';
const [input, re, pathways] = process.argv.slice(2);
const rx = new RegExp(re);
let done = false;
const original = Db.prototype.run as (...a: unknown[]) => Promise<unknown>;
(Db.prototype as any).run = async function (this: Db, ...args: unknown[]) {
  const sql = String(args[0]);
  if (!done && rx.test(sql)) {
    done = true;
    const body = sql.replace(/"activity_scope"/, "scope_x");
    const t = performance.now();
    const rows = await (this as any).all(`explain (analyze, format json) ${body}`, args[1]);
    console.log(`explain took ${((performance.now() - t) / 1000).toFixed(2)} s`);
    for (const r of rows) console.log(String(Object.values(r).at(-1)));
  }
  return original.apply(this, args);
};
const out = '/tmp/x/out';
await rm(out, { recursive: true, force: true });
await build({ input, out, ...(pathways ? { pathways: pathways.split(',') } : {}) } as any);
