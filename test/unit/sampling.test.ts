import { describe, expect, it } from 'vitest';
import {
  compareWithAgency,
  completeCheckRecord,
  daysOverdue,
  describeChanges,
  emptyCheckRecord,
  isOverdue,
} from '../../shared/check-record';
import {
  allocate,
  assignInspectors,
  docKind,
  drawSample,
  fnv1a32,
  isOwnUnit,
  parseRoster,
  sampleSize,
  seededRandom,
  type Inspector,
  type PopulationDoc,
  type SampleParams,
} from '../../shared/sampling';
import { PlaceIndex } from '../../shared/region';
import { parseArgs } from '../../shared/api';

const ISSUERS = ['甲市财政局', '甲市商务局', '乙县人民政府', '丙区发展和改革局', '丁市市场监督管理局'];

function population(n: number, opts: { strongEvery?: number } = {}): PopulationDoc[] {
  return Array.from({ length: n }, (_, i) => ({
    documentId: i + 1,
    key: fnv1a32(`doc-${i}`).toString(16).padStart(8, '0') + String(i).padStart(4, '0'),
    title: `关于印发第 ${i} 号办法的通知`,
    docNumber: null,
    issuer: ISSUERS[i % ISSUERS.length]!,
    docDate: `2025-0${(i % 9) + 1}-15`,
    region: ['甲市', '乙县', '丙区'][i % 3]!,
    kind: '通知',
    strong: opts.strongEvery && i % opts.strongEvery === 0 ? 1 : 0,
    priorProblems: false,
  }));
}

const params = (p: Partial<SampleParams> = {}): SampleParams => ({
  seed: '2025-抽查',
  ratio: 0.1,
  min: 5,
  strata: 'none',
  weights: { strong: 1, prior: 1 },
  filter: {},
  ...p,
});

const ids = (p: PopulationDoc[], sp: SampleParams) =>
  drawSample(p, sp)
    .drawn.map((d) => d.documentId)
    .sort((a, b) => a - b);

describe('sampling', () => {
  it('the same seed and population give the same sample, whatever the row order', () => {
    const pop = population(200);
    const a = ids(pop, params());
    expect(a).toHaveLength(20);
    expect(ids([...pop].reverse(), params())).toEqual(a);
    const shuffled = [...pop].sort((x, y) => (x.title < y.title ? 1 : -1));
    expect(ids(shuffled, params())).toEqual(a);
  });

  it('a different seed gives another sample', () => {
    const pop = population(200);
    const a = ids(pop, params({ seed: 'A' }));
    const b = ids(pop, params({ seed: 'B' }));
    expect(b).toHaveLength(a.length);
    expect(b).not.toEqual(a);
  });

  it('sizes by ratio or minimum, whichever is larger, capped at the population', () => {
    expect(sampleSize(200, 0.1, 5)).toBe(20);
    expect(sampleSize(20, 0.1, 5)).toBe(5);
    expect(sampleSize(3, 0.1, 5)).toBe(3);
    expect(sampleSize(101, 0.1, undefined)).toBe(11);
    expect(() => drawSample(population(5), params({ ratio: undefined, min: undefined }))).toThrow('比例');
  });

  it('represents every stratum when the size allows, proportionally otherwise', () => {
    const alloc = allocate(
      [
        { name: 'a', population: 90 },
        { name: 'b', population: 8 },
        { name: 'c', population: 2 },
      ],
      10,
    );
    expect(alloc.map((s) => s.allocated)).toEqual([8, 1, 1]);
    expect(alloc.reduce((t, s) => t + s.allocated, 0)).toBe(10);
    const draw = drawSample(population(53), params({ ratio: undefined, min: 5, strata: 'issuer' }));
    expect(new Set(draw.drawn.map((d) => d.stratum))).toEqual(new Set(ISSUERS));
    const byRegion = drawSample(population(60), params({ ratio: 0.2, min: 0, strata: 'region' }));
    expect(byRegion.strata.map((s) => s.allocated)).toEqual([4, 4, 4]);
    // Fewer draws than strata: no stratum can take more than its share.
    expect(
      allocate(
        [
          { name: 'x', population: 1 },
          { name: 'y', population: 1 },
          { name: 'z', population: 1 },
        ],
        2,
      ).map((s) => s.allocated),
    ).toEqual([1, 1, 0]);
  });

  it('honours weights in distribution (fixed seeds, fixed tolerance)', () => {
    // 100 documents, 20 of them with strong findings weighted ×4, 10 drawn; over 400 seeds.
    const pop = population(100, { strongEvery: 5 });
    const strong = new Set(pop.filter((d) => d.strong).map((d) => d.documentId));
    let weighted = 0;
    let plain = 0;
    const runs = 400;
    for (let s = 0; s < runs; s++) {
      const w = drawSample(pop, params({ seed: `w${s}`, ratio: undefined, min: 10, weights: { strong: 4, prior: 1 } }));
      weighted += w.drawn.filter((d) => strong.has(d.documentId)).length;
      const u = drawSample(pop, params({ seed: `w${s}`, ratio: undefined, min: 10 }));
      plain += u.drawn.filter((d) => strong.has(d.documentId)).length;
    }
    // Unweighted: 10 × 20% = 2 strong per draw. Weighted ×4 without replacement: 4.77 per draw (the
    // mean over 20,000 seeds); 400 seeds put the mean within about ±0.07 (one standard error), so
    // the bounds are ±5 standard errors, and the seeds are fixed: the test cannot flake.
    expect(plain / runs).toBeGreaterThan(1.8);
    expect(plain / runs).toBeLessThan(2.2);
    expect(weighted / runs).toBeGreaterThan(4.4);
    expect(weighted / runs).toBeLessThan(5.2);
    const one = drawSample(pop, params({ weights: { strong: 4, prior: 1 } })).weights.find((w) =>
      strong.has(w.documentId),
    );
    expect(one).toMatchObject({ weight: 4, reasons: ['有强提示 ×4'] });
  });

  it('filters the population by issuer, region, date and kind', () => {
    const pop = population(40);
    const d = drawSample(
      pop,
      params({
        ratio: 1,
        min: 0,
        filter: { issuers: ['甲市'], regions: ['甲市', '乙县'], from: '2025-02-01', to: '2025-06-30' },
      }),
    );
    expect(d.populationSize).toBeGreaterThan(0);
    for (const x of d.drawn) {
      expect(x.issuer).toMatch(/^甲市/);
      const doc = pop.find((p) => p.documentId === x.documentId)!;
      expect(doc.docDate! >= '2025-02-01' && doc.docDate! <= '2025-06-30').toBe(true);
    }
    expect(drawSample(pop, params({ filter: { kinds: ['办法'] } })).populationSize).toBe(0);
  });

  it('a seeded generator is reproducible and uniform enough', () => {
    const r = seededRandom('x');
    const a = Array.from({ length: 5 }, r);
    const r2 = seededRandom('x');
    expect(Array.from({ length: 5 }, r2)).toEqual(a);
    const g = seededRandom('mean');
    let sum = 0;
    for (let i = 0; i < 10000; i++) sum += g();
    expect(sum / 10000).toBeGreaterThan(0.48);
    expect(sum / 10000).toBeLessThan(0.52);
  });

  it('derives the region from the issuer with the gazetteer (the run of place names), and the 文种', () => {
    const places = new PlaceIndex(['重庆', '重庆市', '垫江', '垫江县', '杭州', '杭州市']);
    expect(places.regionOf('重庆市垫江县财政局')).toBe('重庆市垫江县');
    expect(places.regionOf('垫江县财政局')).toBe('垫江县');
    expect(places.regionOf('杭州市商务局')).toBe('杭州市');
    expect(places.regionOf('某某局')).toBeNull();
    expect(places.regionOf(null)).toBeNull();
    expect(docKind('关于印发《某某管理办法》的通知')).toBe('通知');
    expect(docKind('某某市招商引资实施办法（试行）')).toBe('办法');
  });
});

describe('双随机 inspectors', () => {
  const roster: Inspector[] = [
    { name: '张三', unit: '甲市财政局' },
    { name: '李四', unit: '甲市商务局' },
    { name: '王五', unit: '乙县人民政府' },
    { name: '赵六', unit: '丁市市场监督管理局' },
    { name: '钱七', unit: '丙区发展和改革局' },
  ];

  it('never assigns an inspector to a measure of their own unit, over many seeds', () => {
    const measures = population(30).map((d) => ({ documentId: d.documentId, title: d.title, issuer: d.issuer }));
    for (let s = 0; s < 50; s++) {
      const out = assignInspectors(measures, roster, `seed${s}`, 2);
      for (const a of out) {
        const issuer = measures.find((m) => m.documentId === a.documentId)!.issuer;
        expect(a.inspectors).toHaveLength(2);
        for (const i of a.inspectors) expect(isOwnUnit(i, issuer)).toBe(false);
      }
    }
    expect(isOwnUnit({ name: 'x', unit: '甲市 财政局' }, '甲市财政局、甲市商务局')).toBe(true);
  });

  it('is reproducible, balanced, and says clearly when nobody is eligible', () => {
    const measures = population(10).map((d) => ({ documentId: d.documentId, title: d.title, issuer: d.issuer }));
    const a = assignInspectors(measures, roster, 's');
    expect(assignInspectors(measures, [...roster].reverse(), 's')).toEqual(a);
    const load = new Map<string, number>();
    for (const x of a) for (const i of x.inspectors) load.set(i.name, (load.get(i.name) ?? 0) + 1);
    expect(Math.max(...load.values())).toBe(2);
    expect(() =>
      assignInspectors([{ documentId: 1, title: '某通知', issuer: '甲市财政局' }], [roster[0]!], 's'),
    ).toThrow('《某通知》没有可指派的检查人员');
    expect(parseRoster('姓名,单位\n张三,甲市财政局\n李四\t乙县人民政府\n')).toEqual([
      { name: '张三', unit: '甲市财政局' },
      { name: '李四', unit: '乙县人民政府' },
    ]);
  });
});

describe('check records', () => {
  it('flags overdue rectification from today and describes changes', () => {
    const r = {
      ...emptyCheckRecord(),
      disposition: 'revise' as const,
      deadline: '2025-03-01',
      status: 'pending' as const,
    };
    expect(isOverdue(r, '2025-03-02')).toBe(true);
    expect(daysOverdue(r, '2025-03-11')).toBe(10);
    expect(isOverdue(r, '2025-03-01')).toBe(false);
    expect(isOverdue({ ...r, status: 'done' }, '2026-01-01')).toBe(false);
    expect(isOverdue({ ...r, disposition: 'none' }, '2026-01-01')).toBe(false);
    expect(describeChanges(emptyCheckRecord(), r)).toEqual([
      '处理方式：空 → 修订',
      '整改期限：空 → 2025-03-01',
      '整改状态：空 → 待整改',
    ]);
    expect(completeCheckRecord({ note: 'x' }).checks.procedure).toEqual({ result: null, note: '' });
  });

  it('compares the agency’s review with the inspector’s findings', () => {
    const agency = [
      { findingId: 1, clause: '第三条', standard: 'S1', text: 'a', disposition: 'accept' as const },
      { findingId: 2, clause: '第五条', standard: 'S2', text: 'b', disposition: 'reject' as const },
      { findingId: 3, clause: '第七条', standard: 'S3', text: 'c', disposition: 'accept' as const },
    ];
    const p = (findingId: number | null, clause: string, standard: string) => ({
      kind: 'substantive' as const,
      findingId,
      clause,
      standard,
      category: 'cost',
      evidence: '',
      note: '',
    });
    const rows = compareWithAgency(agency, [p(1, '第三条', 'S1'), p(null, '第五条', 'S2'), p(null, '第九条', 'S4')]);
    expect(rows.map((r) => r.outcome)).toEqual(['agreed', 'disputed', 'missed', 'agency_only']);
  });
});

describe('check record arguments', () => {
  it('validates a record through the contract, naming the field at fault', () => {
    const record = emptyCheckRecord();
    const ok = parseArgs('saveCheckRecord', {
      planId: 1,
      documentId: 2,
      record: { ...record, problems: [{ kind: 'procedural', type: 'unreviewed', note: '' }] },
    });
    expect(ok.record.problems).toHaveLength(1);
    const bad = (problem: unknown) => () =>
      parseArgs('saveCheckRecord', { planId: 1, documentId: 2, record: { ...record, problems: [problem] } });
    const substantive = {
      kind: 'substantive',
      findingId: null,
      clause: '第一条',
      standard: 'M09-1',
      category: 'cost',
      evidence: '',
      note: '',
    };
    expect(bad({ ...substantive, standard: '' })).toThrow('record.problems[0].standard');
    expect(bad({ kind: 'procedural', type: '其他', note: '' })).toThrow('record.problems[0].type');
    expect(() => parseArgs('drawSample', { batchId: 1, seed: 's', ratio: 1.5 })).toThrow('ratio');
  });
});
