import { DEFAULT_METRICS_PORTS } from '@ticres/shared';
import { alertExpressions, alertRules, dashboardExpressions, metricNamesIn, scrapeTargets } from './support/observability';

/** deploy/observability as files; e2e/metrics.test.ts checks their metric names against real scrapes. */
describe('deploy/observability', () => {
  it('prometheus.yml scrapes each service by its compose name on its METRICS_PORT default, one job per service', () => {
    const expected = Object.fromEntries(Object.entries(DEFAULT_METRICS_PORTS).map(([service, port]) => [service, [`${service}:${port}`]]));
    expect(scrapeTargets()).toEqual(expected);
  });

  it('every alert rule is PromQL, waits before firing, and has a severity', () => {
    const rules = alertRules().groups.flatMap((group) => group.rules);
    expect(rules.map((rule) => rule.alert)).toEqual(
      expect.arrayContaining(['TicresOutboxLagging', 'TicresRefundsStuck', 'TicresDeadLetterQueueNotEmpty', 'TicresHttpErrorRate', 'TicresGrpcErrorRate']),
    );
    for (const rule of rules) {
      expect({ alert: rule.alert, for: rule.for, severity: rule.labels?.severity }).toEqual({
        alert: rule.alert,
        for: expect.stringMatching(/^\d+[smh]$/),
        severity: expect.stringMatching(/^(warning|critical)$/),
      });
    }
    for (const expression of alertExpressions()) expect(metricNamesIn(expression).length).toBeGreaterThan(0);
  });

  it('every dashboard query is PromQL', () => {
    const expressions = dashboardExpressions();
    expect(expressions.length).toBeGreaterThan(15);
    for (const expression of expressions) expect(metricNamesIn(expression).length).toBeGreaterThan(0);
  });

  it('rejects an expression that is not PromQL (the check can fail)', () => {
    expect(() => metricNamesIn({ where: 'a broken rule', expr: 'sum(rate(ticres_x_total[5m]) >' })).toThrow(/a broken rule: not PromQL/);
  });
});
