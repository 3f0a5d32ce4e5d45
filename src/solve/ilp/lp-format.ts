import type { MilpModel } from "./model.js";

/**
 * Writes a model in CPLEX LP format, which HiGHS, CBC, GLPK, SCIP and Gurobi read, so any result
 * of ours can be cross-checked. Names are sanitised to the format's character set (and made unique);
 * ranged rows become two rows (`name_lo`, `name_up`), free rows are left out, and lines are wrapped
 * well under the format's 255-character limit.
 */
export function toLpFormat(model: MilpModel): string {
  const n = model.cost.length;
  const m = model.rowLo.length;
  const colName = uniqueNames(model.colNames, "x");
  const rowName = uniqueNames(model.rowNames, "r");
  const out: string[] = [`\\ ${model.name.replace(/[\r\n]/g, " ")}: ${n} columns, ${m} rows (written by lepton)`];
  out.push(model.sense === "max" ? "Maximize" : "Minimize");
  const objTerms: string[] = [];
  for (let j = 0; j < n; j++) if (model.cost[j] !== 0) objTerms.push(term(model.cost[j], colName[j], objTerms.length === 0));
  if (model.objOffset !== 0) objTerms.push(constant(model.objOffset, objTerms.length === 0));
  if (objTerms.length === 0) objTerms.push(`0 ${colName[0] ?? ""}`.trim());
  out.push(...wrapTerms(" obj:", objTerms, ""));
  out.push("Subject To");
  // Row-wise terms from the CSC.
  const rows: string[][] = Array.from({ length: m }, () => []);
  for (let j = 0; j < n; j++) {
    for (let p = model.colStart[j]; p < model.colStart[j + 1]; p++) {
      const i = model.rowIdx[p];
      if (model.val[p] !== 0) rows[i].push(term(model.val[p], colName[j], rows[i].length === 0));
    }
  }
  for (let i = 0; i < m; i++) {
    const lo = model.rowLo[i];
    const up = model.rowUp[i];
    const lhs = rows[i].length > 0 ? rows[i] : [`0 ${colName[0]}`];
    if (lo === up) out.push(...wrapTerms(` ${rowName[i]}:`, lhs, ` = ${num(up)}`));
    else if (Number.isFinite(lo) && Number.isFinite(up)) {
      out.push(...wrapTerms(` ${rowName[i]}_lo:`, lhs, ` >= ${num(lo)}`));
      out.push(...wrapTerms(` ${rowName[i]}_up:`, lhs, ` <= ${num(up)}`));
    } else if (Number.isFinite(up)) out.push(...wrapTerms(` ${rowName[i]}:`, lhs, ` <= ${num(up)}`));
    else if (Number.isFinite(lo)) out.push(...wrapTerms(` ${rowName[i]}:`, lhs, ` >= ${num(lo)}`));
  }
  const bounds: string[] = [];
  const binaries: string[] = [];
  const generals: string[] = [];
  for (let j = 0; j < n; j++) {
    const lo = model.lb[j];
    const up = model.ub[j];
    if (model.isInt[j] && lo === 0 && up === 1) {
      binaries.push(colName[j]);
      continue;
    }
    if (model.isInt[j]) generals.push(colName[j]);
    if (lo === 0 && up === Number.POSITIVE_INFINITY) continue;
    if (lo === Number.NEGATIVE_INFINITY && up === Number.POSITIVE_INFINITY) bounds.push(` ${colName[j]} free`);
    else if (lo === up) bounds.push(` ${colName[j]} = ${num(lo)}`);
    else bounds.push(` ${bnd(lo)} <= ${colName[j]} <= ${bnd(up)}`);
  }
  if (bounds.length > 0) out.push("Bounds", ...bounds);
  if (generals.length > 0) out.push("Generals", ...wrapTerms("", generals, ""));
  if (binaries.length > 0) out.push("Binaries", ...wrapTerms("", binaries, ""));
  out.push("End", "");
  return out.join("\n");
}

function num(v: number): string {
  return Number.isInteger(v)
    ? String(v)
    : v
        .toPrecision(17)
        .replace(/\.?0+$/, "")
        .replace(/\.?0+e/, "e");
}

function bnd(v: number): string {
  if (v === Number.POSITIVE_INFINITY) return "+inf";
  if (v === Number.NEGATIVE_INFINITY) return "-inf";
  return num(v);
}

function term(coef: number, name: string, first: boolean): string {
  const sign = coef < 0 ? "-" : "+";
  const abs = Math.abs(coef);
  const c = abs === 1 ? "" : `${num(abs)} `;
  if (first) return `${coef < 0 ? "- " : ""}${c}${name}`;
  return `${sign} ${c}${name}`;
}

function constant(v: number, first: boolean): string {
  if (first) return num(v);
  return `${v < 0 ? "-" : "+"} ${num(Math.abs(v))}`;
}

/**
 * Joins `head`, the terms and `tail` into lines of at most ~200 characters, breaking only between
 * whole terms (sign, coefficient and name stay on one line: HiGHS's reader misreads a sign or a
 * coefficient left at the end of a line). Continuation lines start with a space.
 */
function wrapTerms(head: string, terms: string[], tail: string): string[] {
  const out: string[] = [];
  let cur = head;
  for (const t of terms) {
    if (cur.length + t.length + 1 > 200 && cur.trim().length > 0) {
      out.push(cur);
      cur = "";
    }
    cur += ` ${t}`;
  }
  cur += tail;
  out.push(cur);
  return out;
}

/** LP-format names: letters, digits and a few symbols, not starting with a digit, '.', or 'e'/'E' + digit. */
function uniqueNames(names: string[], prefix: string): string[] {
  const seen = new Set<string>();
  return names.map((raw, k) => {
    let s = (raw ?? "").replace(/[^A-Za-z0-9_.~#$%&@|{}()]/g, "_");
    if (s.length === 0 || /^[0-9.]/.test(s) || /^[eE][0-9]/.test(s) || /^(inf|infinity|free)$/i.test(s)) s = `${prefix}_${s}`;
    if (s.length > 200) s = s.slice(0, 200);
    let name = s;
    let suffix = 1;
    while (seen.has(name.toLowerCase())) name = `${s}_${k}_${suffix++}`;
    seen.add(name.toLowerCase());
    return name;
  });
}
