/** Short drafts written for the tests: one clause that favours local firms, one neutral clause. */
export const LOCAL_PREFERENCE_DRAFT = [
  '关于支持本市产业发展的若干措施',
  '第一条 为促进产业高质量发展，制定本措施。',
  '第二条 政府采购项目应当优先采购本地企业生产的产品。',
  '第三条 本措施自印发之日起施行。',
].join('\n');

/** A draft and its revised draft (修改稿): the revision fixes 第二条, keeps 第三条 and adds a problem in 第四条. */
export const FIRST_DRAFT = [
  '关于支持本市产业发展的若干措施',
  '第一条 为促进产业高质量发展，制定本措施。',
  '第二条 政府采购项目应当优先采购本地企业生产的产品。',
  '第三条 对在本市注册的企业给予一次性奖励。',
  '第四条 各部门应当加强协作。',
  '第五条 本措施自印发之日起施行。',
].join('\n');
export const REVISED_DRAFT = [
  '关于支持本市产业发展的若干措施',
  '第一条 为促进产业高质量发展，制定本措施。',
  '第二条 政府采购项目应当平等对待各类经营主体提供的产品。',
  '第三条 对在本市注册的企业给予一次性奖励。',
  '第四条 招标文件可以限定投标人必须在本地设立分支机构。',
  '第五条 本措施自印发之日起施行。',
].join('\n');
