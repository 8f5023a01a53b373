// The negation guard on its own: which cues before a trigger turn it into a prohibition.
import { describe, expect, it } from 'vitest';
import {
  citesStatute,
  conditionForbidsBurden,
  hasStrongLegalBasis,
  isExceptionWithTerm,
  negatedBefore,
  objectOfCleanup,
} from '../../../shared/rules/guards.js';

/** Whether the cue before `trigger` in `text` (one sentence) negates it. */
const negated = (text: string, trigger: string): boolean => negatedBefore(text, 0, text.indexOf(trigger));

describe('negation guard', () => {
  it('prohibitions negate a trigger later in the sentence, across commas', () => {
    expect(negated('不得指定品牌。', '指定品牌')).toBe(true);
    expect(negated('严禁以任何形式，要求企业在本地注册。', '在本地注册')).toBe(true);
    expect(negated('取消外地企业进入本市的备案要求。', '外地企业')).toBe(true);
  });

  it('"不得低于/不得超过/不得少于" state a requirement, also right before the trigger', () => {
    expect(negated('各企业收费不得低于协会公布的标准。', '低于')).toBe(false);
    expect(negated('调价不得超过10%。', '超过')).toBe(false);
    expect(negated('注册资本不得少于5000万元。', '少于')).toBe(false);
    expect(negated('未提供的不得分。', '分')).toBe(false);
  });

  it('不再、无需、不接受 and 整治、查处 negate only their own comma-delimited part', () => {
    expect(negated('经营权不再新增，现有经营权由某集团统一经营。', '由某集团')).toBe(false);
    expect(negated('本地企业无需备案，外地企业须向主管部门备案。', '外地企业')).toBe(false);
    expect(negated('专项整治期间，暂缓审批新建加油站。', '暂缓审批')).toBe(false);
    expect(negated('不再要求企业在本地设立分支机构。', '在本地设立')).toBe(true);
    expect(negated('查处要求企业在本地注册的行为。', '在本地注册')).toBe(true);
    expect(negated('外省企业来本县投标无须提供本地纳税证明。', '提供本地纳税证明')).toBe(true);
    expect(negated('县内企业无须检测，县外产品须逐批送检。', '县外产品')).toBe(false);
  });

  it('不要求、不另设、不额外 negate their own part only', () => {
    expect(negated('本项目不要求联合体成员中包含特定地区的企业。', '联合体成员')).toBe(true);
    expect(negated('对各类项目提供帮办服务，不另设审批环节。', '另设审批环节')).toBe(true);
    expect(negated('本地企业不另行审批，外地企业须报经同意。', '外地企业')).toBe(false);
    expect(negated('县内企业不要求检测，县外产品须逐批送检。', '县外产品')).toBe(false);
    const t = '本县企业不要求提供业绩证明，外地企业须提供本县业绩。';
    expect(negatedBefore(t, 0, t.indexOf('证明'), t.indexOf('须') + 1)).toBe(false);
    expect(negatedBefore(t, 0, t.indexOf('业绩证明'), t.indexOf('证明') + 2)).toBe(true);
  });

  it('不发布、不指定、不组织 … (an authority declining to act) negate their own part', () => {
    expect(negated('行业协会不发布指导价格。', '指导价格')).toBe(true);
    expect(negated('甲方不承诺任何税收返还。', '税收返还')).toBe(true);
    expect(negated('主管部门不指定服务机构，由企业自主选择。', '服务机构')).toBe(true);
    expect(negated('本地产品不组织抽检，外地产品逐批检验。', '外地产品')).toBe(false);
    expect(negated('在本地不设立分支机构的企业，不得参与投标。', '设立分支机构')).toBe(false);
  });

  it('a trigger that starts inside the cue (the 须 of 无须) is negated', () => {
    expect(negated('供应商无须在项目所在地设立办事处。', '须在项目所在地')).toBe(true);
    expect(negated('供应商必须在项目所在地设立办事处。', '须在项目所在地')).toBe(false);
    expect(negated('申请人毋须到指定机构体检。', '须到指定机构')).toBe(true);
  });
});

describe('legal basis', () => {
  it('rules of the State Council, the Ministry of Finance and the State Taxation Administration count', () => {
    expect(hasStrongLegalBasis('按照财政部、税务总局有关规定享受增值税即征即退政策。')).toBe(true);
    expect(hasStrongLegalBasis('行政事业性收费的减免，按照国务院有关规定执行。')).toBe(true);
    expect(hasStrongLegalBasis('对入驻企业实行增值税即征即退。')).toBe(false);
  });
});

describe('object of a cleanup', () => {
  const cleanup = (text: string, trigger: string): boolean => {
    const at = text.indexOf(trigger);
    return objectOfCleanup(text, 0, at, at + trigger.length);
  };
  it('对…进行排查/清理: the practice is reviewed, not adopted', () => {
    expect(cleanup('对以“一事一议”方式给予特定企业的奖补政策进行全面排查，依法予以修改。', '一事一议')).toBe(true);
    expect(cleanup('对要求在本地设立分支机构的规定开展集中清理。', '在本地设立分支机构')).toBe(true);
    expect(cleanup('对你单位提出的将本地企业纳入优先采购范围的建议不予采纳。', '本地企业')).toBe(true);
  });
  it('without 对 in the part, or with a reward after it, the trigger stands', () => {
    expect(cleanup('重大项目实行一事一议，由管委会研究确定奖励。', '一事一议')).toBe(false);
    expect(cleanup('对一事一议确定的项目给予奖励。', '一事一议')).toBe(false);
    expect(cleanup('对外地企业提出的入驻申请不予支持。', '外地企业')).toBe(false);
    expect(cleanup('对迁入本区的企业进行统计摸排，按其注册资本给予一次性奖励。', '迁入本区')).toBe(false);
  });
});

describe('exception with a term (条例第十二条)', () => {
  it('a ground and a term or end condition', () => {
    expect(isExceptionWithTerm('为保障防汛抢险需要，对抢险工程直接委托施工，抢险任务结束后立即停止适用。')).toBe(true);
    expect(isExceptionWithTerm('本措施属于条例第十二条第（三）项情形，实施期限至2027年6月30日。')).toBe(true);
  });
  it('a ground alone, or a term alone, is not enough', () => {
    expect(isExceptionWithTerm('为保障防汛抢险需要，对抢险工程直接委托县水利公司施工。')).toBe(false);
    expect(isExceptionWithTerm('对入驻企业给予租金减免，有效期三年。')).toBe(false);
    expect(isExceptionWithTerm('疫情防控期间，对县内口罩企业的用电价格减半收取，执行至2026年12月31日。')).toBe(false);
  });
});

describe('statute cited as the basis', () => {
  it('a 法 or 条例 after 依照/根据', () => {
    expect(citesStatute('依照《旅行社条例》，经营出境旅游业务应当取得许可。')).toBe(true);
    expect(citesStatute('根据《中华人民共和国药品管理法》，从事药品零售应当取得许可证。')).toBe(true);
  });
  it('a local 办法 or a title without 依照 does not count', () => {
    expect(citesStatute('依照《青禾县建材市场管理办法》，外地建材须备案后方可销售。')).toBe(false);
    expect(citesStatute('为落实《中小企业促进法》精神，新设门店须经街道同意。')).toBe(false);
    expect(citesStatute('根据《城镇燃气管理条例》，新设燃气经营网点的，须先经街道办事处同意后方可申请许可。')).toBe(
      false,
    );
    expect(citesStatute('依照《食品安全法》取得许可后，还须经县商务局审核同意方可营业。')).toBe(false);
  });
});

describe('a condition whose consequence forbids the authority to burden it', () => {
  const forbids = (text: string, trigger: string): boolean => conditionForbidsBurden(text, 0, text.indexOf(trigger));
  it('"…的，…不得额外要求/不得设置…" protects the operator named in the condition', () => {
    expect(
      forbids('外地企业在本县设立分公司的，登记机关按照统一标准办理，不得额外要求提交证明材料。', '外地企业'),
    ).toBe(true);
    expect(forbids('外省产品进入本市销售的，各部门不得设置重复检测。', '外省产品')).toBe(true);
  });
  it('a burden in the consequence, or no condition, stands', () => {
    expect(forbids('外地企业来本县承揽工程的，须在本县设立分公司。', '外地企业')).toBe(false);
    expect(forbids('外地企业须在本县设立分公司，不得额外要求其他材料。', '外地企业')).toBe(false);
    expect(forbids('外地企业在本县设立分公司的，不得享受本政策。', '外地企业')).toBe(false);
  });
  it("a prohibition quoted or cited in a report on the clause is not the clause's own", () => {
    expect(
      forbids('企业十年内迁出本区的，须全额退还已享受的奖励，违反了“不得设置不合理的退出条件”的规定。', '企业'),
    ).toBe(false);
    expect(forbids('外地产品进入本市的，须另行检测，该做法不符合不得设置重复检测的要求。', '外地产品')).toBe(false);
  });
});
