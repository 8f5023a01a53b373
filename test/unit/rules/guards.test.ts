// The negation guard on its own: which cues before a trigger turn it into a prohibition.
import { describe, expect, it } from 'vitest';
import { hasStrongLegalBasis, negatedBefore } from '../../../shared/rules/guards.js';

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
