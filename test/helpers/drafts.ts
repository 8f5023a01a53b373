/** Short drafts written for the tests: one clause that favours local firms, one neutral clause. */
export const LOCAL_PREFERENCE_DRAFT = [
  '关于支持本市产业发展的若干措施',
  '第一条 为促进产业高质量发展，制定本措施。',
  '第二条 政府采购项目应当优先采购本地企业生产的产品。',
  '第三条 本措施自印发之日起施行。',
].join('\n');
