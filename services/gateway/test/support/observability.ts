import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT } from './stack';

const OBSERVABILITY = path.join(REPO_ROOT, 'deploy', 'observability');

/** An expression of an alert rule or a dashboard panel, and where it comes from. */
export interface NamedExpression {
  where: string;
  expr: string;
}

/** The metric names an expression selects; throws naming the expression when it is not PromQL. */
export function metricNamesIn({ where, expr }: NamedExpression): string[] {
  const tree = parser.parse(expr);
  const names: string[] = [];
  const cursor = tree.cursor();
  do {
    if (cursor.type.isError) throw new Error(`${where}: not PromQL at ${cursor.from}: ${expr}`);
    if (cursor.name === 'Identifier' && cursor.node.parent?.name === 'VectorSelector') names.push(expr.slice(cursor.from, cursor.to));
  } while (cursor.next());
  return names;
}

interface AlertRules {
  groups: { name: string; rules: { alert: string; expr: string; for?: string; labels?: { severity?: string } }[] }[];
}

/** deploy/observability/prometheus/alerts.yml, parsed. */
export function alertRules(): AlertRules {
  return parseYaml(readFileSync(path.join(OBSERVABILITY, 'prometheus', 'alerts.yml'), 'utf8')) as AlertRules;
}

export function alertExpressions(): NamedExpression[] {
  return alertRules().groups.flatMap((group) => group.rules.map((rule) => ({ where: `alert ${rule.alert}`, expr: rule.expr })));
}

interface Dashboard {
  panels: { title: string; type: string; targets?: { expr: string }[] }[];
}

/**
 * Every query of the Grafana dashboard, with Grafana's `$__rate_interval` as a plain range so that
 * PromQL's own grammar can check it.
 */
export function dashboardExpressions(): NamedExpression[] {
  const file = path.join(OBSERVABILITY, 'grafana', 'dashboards', 'ticres-overview.json');
  const dashboard = JSON.parse(readFileSync(file, 'utf8')) as Dashboard;
  return dashboard.panels.flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({ where: `panel "${panel.title}"`, expr: target.expr.replaceAll('$__rate_interval', '5m') })),
  );
}

/** The scrape jobs of prometheus.yml: job name -> its target. */
export function scrapeTargets(): Record<string, string[]> {
  const config = parseYaml(readFileSync(path.join(OBSERVABILITY, 'prometheus', 'prometheus.yml'), 'utf8')) as {
    scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
  };
  return Object.fromEntries(config.scrape_configs.map((job) => [job.job_name, job.static_configs.flatMap((c) => c.targets)]));
}
