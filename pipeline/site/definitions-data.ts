// The metric definitions page's data, generated from the catalogue (nothing is written twice):
// each metric's definition, method, unit, polarity, target, sources and caveats, grouped by page,
// plus the grains every metric is computed at and the extracts behind them, with what each of their
// fields accepts (the code lists and date windows ingest holds every row to), and for each metric
// the SQL that computes it and what that reads.
import { ruleText } from '../disclosure/rules.ts';
import { forceAreas } from '../extracts/areas.ts';
import { fieldGuide } from '../extracts/guide.ts';
import { contracts } from '../extracts/index.ts';
import { catalogue } from '../metrics/catalogue.ts';
import { metricLineage } from '../metrics/lineage.ts';
import { decimalsFor, grainLabels } from '../../dashboards/shared/format.ts';
import type { Annotation } from '../stats/annotations.ts';
import { annotationsOf } from './series.ts';
import type { Audience } from '../settings.ts';
import { themeOf, themes } from './themes.ts';

export function definitionsData(annotations: Annotation[], asOf: string | null, audience: Audience) {
  const areas = forceAreas();
  return {
    asOf,
    audience,
    themes: themes.map((t) => ({ id: t.id, title: t.title, path: t.path })),
    metrics: catalogue.map((m) => ({
      id: m.id,
      title: m.title,
      definition: m.definition,
      method: m.method,
      unit: m.unit,
      decimals: decimalsFor(m.unit),
      polarity: m.polarity,
      target: m.target ?? null,
      defaultGrain: m.defaultGrain,
      sources: m.sources,
      areas: m.areas,
      caveats: m.caveats,
      family: m.family,
      theme: themeOf(m.id)?.id ?? null,
      annotations: annotationsOf(m.id, annotations),
      /** The chain `psm explain` prints: the SQL file, the marts and staging views it reads (metrics/lineage.ts). */
      computedBy: computedBy(m.id),
    })),
    grains: grainLabels,
    /** The disclosure rules every panel and public output follows (pipeline/disclosure/rules.ts). */
    disclosure: ruleText,
    extracts: Object.values(contracts).map((c) => ({
      name: c.name, grain: c.grain, periodField: c.periodField, key: c.key, fields: fieldGuide(c, areas),
    })),
  };
}

function computedBy(id: string) {
  const l = metricLineage(id);
  return { sqlFile: l.sqlFile, marts: l.marts, staging: l.staging, extracts: l.extracts };
}
