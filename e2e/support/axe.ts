import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

type Violation = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number];

const IMPACTS = ['critical', 'serious', 'moderate', 'minor'] as const;

/** What axe-core found on one page: violated rules by impact, and the rules it passed. */
export interface AxeAudit {
  readonly page: string;
  /** How many rules each impact's violations break (a rule counts once, however many nodes). */
  readonly counts: Readonly<Record<(typeof IMPACTS)[number], number>>;
  readonly passes: number;
  /** Rules axe could not decide by itself (e.g. contrast over an image): for a person to check. */
  readonly incomplete: readonly string[];
  /** Every violation: rule, impact, help and the first nodes' selectors. */
  readonly violations: readonly string[];
  /** The serious and critical violations, which fail a test. */
  readonly blocking: readonly string[];
}

function summary(v: Violation): string {
  const nodes = v.nodes
    .slice(0, 3)
    .map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1).join(' ')}`);
  return `${v.impact ?? 'unknown'} ${v.id} (${v.help}) on ${v.nodes.length} node(s): ${nodes.join('; ')}`;
}

/** Runs axe-core (every rule of its default set: WCAG 2.x A and AA and best practices) on a page. */
export async function axeAudit(page: Page, name: string): Promise<AxeAudit> {
  const results = await new AxeBuilder({ page }).analyze();
  const counts = Object.fromEntries(
    IMPACTS.map((impact) => [impact, results.violations.filter((v) => v.impact === impact).length]),
  ) as AxeAudit['counts'];
  const blocking = results.violations.filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  return {
    page: name,
    counts,
    passes: results.passes.length,
    incomplete: results.incomplete.map((r) => r.id),
    violations: results.violations.map(summary),
    blocking: blocking.map(summary),
  };
}

/** The audits as a fixed-width table: a line per page, the violated rules by impact. */
export function axeTable(audits: readonly AxeAudit[]): string {
  const header = ['page', ...IMPACTS, 'passed rules', 'to check by hand'];
  const rows = audits.map((a) => [
    a.page,
    ...IMPACTS.map((i) => String(a.counts[i])),
    String(a.passes),
    String(a.incomplete.length),
  ]);
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((r) => r[col]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, col) => (col === 0 ? c.padEnd(widths[col]!) : c.padStart(widths[col]!)))
      .join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
