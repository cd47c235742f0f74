import type { TMetrics, TSurveyDimension } from '../../contracts/surveys.js';

/**
 * The satisfaction arithmetic [standards G 42, ISO 10004 practice], pure:
 * - CSAT % = answers scored 4 or 5 / all Likert answers × 100 (all dimensions pooled; per dimension too)
 * - mean score per dimension
 * - NPS = % of 9–10 minus % of 0–6 among the answers to the recommend question
 * - weighted index (0–100) = Σ wᵢ·meanᵢ / Σ wᵢ / 5 × 100 over the dimensions answered
 * - response rate % = responses / recipients × 100
 * Figures are rounded to one decimal at the end only.
 */
export interface Answer {
  scores: Record<string, number>;
  recommend: number | null;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const pct = (part: number, whole: number) => (whole ? round1((part / whole) * 100) : null);

/** One response's weighted index (0–100), exact (not rounded). */
export function responseIndex(dimensions: Pick<TSurveyDimension, 'key' | 'weight'>[], scores: Record<string, number>): number {
  let w = 0;
  let sum = 0;
  for (const d of dimensions) {
    const s = scores[d.key];
    if (s === undefined || d.weight <= 0) continue;
    w += d.weight;
    sum += d.weight * s;
  }
  return w ? (sum / w / 5) * 100 : 0;
}

export function metrics(dimensions: Pick<TSurveyDimension, 'key' | 'weight'>[], answers: Answer[], recipients: number): TMetrics {
  const means: Record<string, number | null> = {};
  const csatByDimension: Record<string, number | null> = {};
  let likert = 0;
  let satisfied = 0;
  let w = 0;
  let weighted = 0;
  for (const d of dimensions) {
    const scores = answers.map((a) => a.scores[d.key]).filter((s): s is number => typeof s === 'number');
    const good = scores.filter((s) => s >= 4).length;
    likert += scores.length;
    satisfied += good;
    const mean = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null;
    means[d.key] = mean === null ? null : Math.round(mean * 100) / 100;
    csatByDimension[d.key] = pct(good, scores.length);
    if (mean !== null && d.weight > 0) {
      w += d.weight;
      weighted += d.weight * mean;
    }
  }
  const rec = answers.map((a) => a.recommend).filter((r): r is number => typeof r === 'number');
  const promoters = rec.filter((r) => r >= 9).length;
  const detractors = rec.filter((r) => r <= 6).length;
  return {
    responses: answers.length,
    recipients,
    responseRate: pct(answers.length, recipients),
    csat: pct(satisfied, likert),
    nps: rec.length ? round1(((promoters - detractors) / rec.length) * 100) : null,
    index: w ? round1((weighted / w / 5) * 100) : null,
    means,
    csatByDimension,
  };
}

/** Which parts of a response are low: dimensions at or below the threshold, and "index" when below target. */
export function lowParts(
  dimensions: Pick<TSurveyDimension, 'key' | 'weight'>[],
  scores: Record<string, number>,
  threshold: number,
  indexTarget: number,
): string[] {
  const low = dimensions.filter((d) => (scores[d.key] ?? Infinity) <= threshold).map((d) => d.key);
  if (responseIndex(dimensions, scores) < indexTarget) low.push('index');
  return low;
}
