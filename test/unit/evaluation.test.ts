/** The evaluation indicators, the region of an issuer and the SVG charts (shared/evaluation.ts, shared/charts.ts). */
import { describe, expect, it } from 'vitest';
import { barChartSvg, escapeXml, fitLabel, pieChartSvg } from '../../shared/charts';
import {
  evaluationCharts,
  evaluationIndicators,
  percent,
  problemClauses,
  UNKNOWN_ISSUER,
  UNKNOWN_REGION,
  type EvaluatedMeasure,
  type EvaluationRecord,
} from '../../shared/evaluation';
import { PlaceIndex } from '../../shared/region';

const measure = (m: Partial<EvaluatedMeasure> & { documentId: number }): EvaluatedMeasure => ({
  issuer: null,
  region: null,
  reviewOnFile: null,
  verdict: null,
  rectified: false,
  problems: [],
  undecided: 0,
  ...m,
});

const MEASURES: EvaluatedMeasure[] = [
  measure({
    documentId: 1,
    issuer: '甲市财政局',
    region: '甲市',
    reviewOnFile: 'final',
    verdict: 'problem',
    rectified: true,
    problems: [
      { standardId: 'M11-2', category: 'entry_exit' },
      { standardId: 'M19-5', category: 'cost' },
    ],
  }),
  measure({
    documentId: 2,
    issuer: '甲市财政局',
    region: '甲市',
    verdict: 'problem',
    problems: [{ standardId: 'M19-5', category: 'cost' }],
    undecided: 2,
  }),
  measure({ documentId: 3, issuer: '乙县人民政府', region: '乙县', reviewOnFile: 'bundle', verdict: 'compliant' }),
  measure({ documentId: 4, verdict: 'verify' }),
  // Not evaluated yet: counted as a measure only.
  measure({ documentId: 5, issuer: '丙局', problems: [{ standardId: 'M24', category: 'conduct' }], undecided: 9 }),
];

describe('evaluation indicators', () => {
  const ind = evaluationIndicators(MEASURES, (id) => `标准${id}`);

  it('counts measures evaluated, with a review on file, with problems, rectified and open', () => {
    expect(ind).toMatchObject({
      measures: 5,
      evaluated: 4,
      withReview: 2,
      withProblems: 2,
      withoutProblems: 2,
      problems: 3,
      rectified: 1,
      open: 1,
      undecided: 2,
      byVerdict: { compliant: 1, problem: 2, verify: 1 },
    });
  });

  it('tallies problems by category (all four, in order), by standard, issuer and region', () => {
    expect(ind.byCategory.map((t) => [t.key, t.problems, t.measures])).toEqual([
      ['entry_exit', 1, 1],
      ['free_flow', 0, 0],
      ['cost', 2, 2],
      ['conduct', 0, 0],
    ]);
    expect(ind.byStandard[0]).toEqual({ key: 'M19-5', label: '标准M19-5', measures: 2, problems: 2 });
    expect(ind.byIssuer).toEqual([{ key: '甲市财政局', label: '甲市财政局', measures: 2, problems: 3 }]);
    expect(ind.byRegion).toEqual([{ key: '甲市', label: '甲市', measures: 2, problems: 3 }]);
  });

  it('a verdict of 存在问题 counts a measure with problems even without a clause; unknown issuer and region are named', () => {
    const i = evaluationIndicators([measure({ documentId: 9, verdict: 'problem' })]);
    expect(i.withProblems).toBe(1);
    expect(i.byIssuer[0]!.label).toBe(UNKNOWN_ISSUER);
    expect(i.byRegion[0]!.label).toBe(UNKNOWN_REGION);
  });

  it('percentages', () => {
    expect(percent(1, 3)).toBe('33.3%');
    expect(percent(2, 2)).toBe('100%');
    expect(percent(0, 0)).toBe('—');
  });
});

describe('problem clauses of a record', () => {
  it('are the confirmed findings (one per clause and standard) and the own problems', () => {
    const base = {
      clause: '第二条',
      text: '本地',
      message: 'm',
      category: 'entry_exit',
      level: 'strong',
      manual: false,
    } as const;
    const r = {
      documentId: 1,
      title: 'T',
      issuer: null,
      findings: [
        { ...base, findingId: 1, ruleId: 'a', standardId: 'M11-2', decision: 'confirm', reason: '' },
        { ...base, findingId: 2, ruleId: 'b', standardId: 'M11-2', decision: 'confirm', reason: '' },
        { ...base, findingId: 3, ruleId: 'c', standardId: 'M12-1', decision: 'reject', reason: '误报' },
        { ...base, findingId: 4, ruleId: 'd', standardId: 'M12-2', decision: null, reason: '' },
      ],
      own: [{ id: 1, clause: '第五条', quote: 'q', standardId: 'M24', category: 'conduct', note: 'n', createdAt: '' }],
    } as unknown as EvaluationRecord;
    expect(problemClauses(r).map((p) => [p.clause, p.standardId, p.source])).toEqual([
      ['第二条', 'M11-2', 'finding'],
      ['第五条', 'M24', 'own'],
    ]);
  });
});

describe('region of an issuer', () => {
  const places = new PlaceIndex(['浙江', '浙江省', '杭州', '杭州市', '垫江', '垫江县', '重庆市']);
  it('is the run of place names the issuer starts its name with', () => {
    expect(places.regionOf('浙江省杭州市财政局')).toBe('浙江省杭州市');
    expect(places.regionOf('杭州市人民政府办公厅')).toBe('杭州市');
    expect(places.regionOf('中共垫江县委办公室')).toBe('垫江县');
    expect(places.regionOf('某市市场监督管理局')).toBeNull();
    // A short form followed by a division's suffix keeps it (a place known by another suffix).
    expect(new PlaceIndex(['伊州', '伊州区']).regionOf('伊州市市场监督管理局')).toBe('伊州市');
    expect(new PlaceIndex(['伊州', '伊州区']).regionOf('伊州区财政局')).toBe('伊州区');
    expect(places.regionOf(null)).toBeNull();
  });
});

describe('SVG charts', () => {
  it('a bar chart: one bar per datum, widths in proportion, labels escaped', () => {
    const c = barChartSvg({
      title: '按发文机关 <A&B>',
      data: [
        { label: '甲局<script>', value: 4 },
        { label: '乙局 "x" & \'y\'', value: 2 },
        { label: '丙局', value: 0 },
      ],
      unit: '处',
    });
    expect(c.svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="600" height="\d+"/);
    expect(c.svg).not.toContain('<script>');
    expect(c.svg).toContain('甲局&lt;script&gt;');
    expect(c.svg).toContain('乙局 &quot;x&quot; &amp; &apos;y&apos;');
    expect(c.svg).toContain('<title>按发文机关 &lt;A&amp;B&gt;</title>');
    const widths = [...c.svg.matchAll(/<rect x="\d+" y="\d+" width="([\d.]+)" height="22"/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(3);
    expect(widths[0]).toBeCloseTo(2 * widths[1]!, 5);
    expect(widths[2]).toBe(0);
    expect(c.alt).toBe('按发文机关 <A&B>：甲局<script> 4处；乙局 "x" & \'y\' 2处；丙局 0处');
    // Well-formed: every element opened is closed.
    expect(c.svg.match(/<g /g)!.length).toBe(c.svg.match(/<\/g>/g)!.length);
  });

  it('a bar chart sums what is past the maximum into 其他 and says 暂无数据 when empty', () => {
    const data = Array.from({ length: 15 }, (_, i) => ({ label: `机关${i}`, value: 1 }));
    const c = barChartSvg({ title: 't', data, max: 12 });
    expect(c.svg).toContain('data-label="其他" data-value="4"');
    expect(c.svg.match(/<g /g)).toHaveLength(12);
    expect(barChartSvg({ title: 't', data: [] }).svg).toContain('暂无数据');
  });

  it('a pie chart: a sector per non-zero datum, a full circle for a single one, shares in the legend', () => {
    const c = pieChartSvg({
      title: '有无问题',
      data: [
        { label: '存在问题', value: 1 },
        { label: '未发现问题', value: 3 },
      ],
      unit: '份',
    });
    expect(c.svg.match(/<path d="M /g)).toHaveLength(2);
    expect(c.svg).toContain('存在问题\u30001份（25%）');
    // The larger sector takes the large-arc flag.
    expect(c.svg).toMatch(/A 90 90 0 1 1 [\d.]+ [\d.]+ Z/);
    const one = pieChartSvg({
      title: 't',
      data: [
        { label: 'a', value: 2 },
        { label: 'b', value: 0 },
      ],
    });
    expect(one.svg).toMatch(/<circle [^>]*fill="#2f5597"/);
    expect(pieChartSvg({ title: 't', data: [{ label: 'a', value: 0 }] }).svg).toContain('暂无数据');
  });

  it('long labels are cut with an ellipsis; the batch charts are four', () => {
    expect(fitLabel('一二三四五六七八九十一二三四五', 12)).toBe('一二三四五六七八九十一…');
    expect(escapeXml('<&>')).toBe('&lt;&amp;&gt;');
    const charts = evaluationCharts(evaluationIndicators(MEASURES));
    expect(Object.keys(charts)).toEqual(['byCategory', 'byIssuer', 'problems', 'rectification']);
    expect(charts.byCategory.alt).toBe(
      '问题条款（按类别）：市场准入和退出 1处；商品和要素自由流动 0处；影响生产经营成本 2处；影响生产经营行为 0处',
    );
  });
});
