/**
 * The guide (政府信息公开指南) and rules (政府信息公开制度) pages until an administrator writes the
 * agency's own: drafted from the regulation and the agency's settings, so a new column is never empty.
 */
import { defaultLetterSettings, type Agency } from '#core/agency.ts';
import { escapeHtml } from '#core/html.ts';

export function defaultGuide(agency: Agency, directory: readonly Agency[] = []): string {
  const s = agency.letters ?? defaultLetterSettings(agency, directory);
  const name = escapeHtml(agency.name);
  const contact = [
    s.office && `工作机构：${escapeHtml(s.office)}`,
    s.address && `地址：${escapeHtml(s.address)}`,
    s.phone && `电话：${escapeHtml(s.phone)}`,
  ]
    .filter(Boolean)
    .join('；');
  return `<p>为了更好地提供政府信息公开服务，依据《中华人民共和国政府信息公开条例》，编制本指南。</p>
<h2>一、主动公开</h2>
<p>${name}主动公开条例第二十条、第二十一条规定的政府信息，通过本专栏“法定主动公开内容”栏目发布。属于主动公开范围的政府信息，自该信息形成或者变更之日起 20 个工作日内予以公开。</p>
<h2>二、依申请公开</h2>
<p>公民、法人或者其他组织可以通过本网站在线提交申请，也可以书面提交申请。申请内容应当包括申请人的姓名或者名称、身份证明、联系方式，申请公开的政府信息的名称、文号或者便于查询的其他特征性描述，以及获取信息的方式、途径。</p>
<p>书面申请可使用<a href="/apply-form.html">政府信息公开申请表</a>（可打印，一页 A4），填写后邮寄或送至本机关政府信息公开工作机构。</p>
<h3>依申请公开须知</h3>
<ol>
<li>一份申请只申请一项政府信息（一事一申请），便于及时、准确答复；申请多项信息的，请分别提交。</li>
<li>请向制作或者保存该信息的机关提出申请；不清楚由哪个机关负责的，可以先查阅各机关的政府信息公开专栏，或咨询本机关。</li>
<li>请尽量写明信息的名称、文号、形成时间等特征，描述不明确的，本机关将告知补正。</li>
<li>在线提交后取得的受理编号和查询码请妥善保存，凭此查询办理进度、查看答复。查询码只显示一次；填写了电子邮箱的，遗失后可通过该邮箱重新获取。</li>
</ol>
<p>本机关收到申请，能够当场答复的当场予以答复；不能当场答复的，自收到申请之日起 20 个工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过 20 个工作日。</p>
<h2>三、收费</h2>
<p>本机关依申请提供政府信息，不收取费用。申请人申请公开政府信息的数量、频次明显超过合理范围的，按照《政府信息公开信息处理费管理办法》收取信息处理费。</p>
<h2>四、监督和救济</h2>
<p>公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向${escapeHtml(s.reconsiderationBody || '有管辖权的行政复议机关')}申请行政复议，或者向${escapeHtml(s.court || '有管辖权的人民法院')}提起行政诉讼。</p>
${contact ? `<h2>五、联系方式</h2><p>${contact}</p>` : ''}`;
}

export function defaultRules(agency: Agency): string {
  return `<p>${escapeHtml(agency.name)}执行《中华人民共和国政府信息公开条例》和上级机关关于政府信息公开的规定，建立健全以下工作制度：</p>
<ul><li>政府信息公开保密审查制度：拟公开的政府信息在公开前依法进行保密审查。</li>
<li>政府信息主动公开制度：主动公开信息自形成或者变更之日起 20 个工作日内公开。</li>
<li>依申请公开办理制度：按照法定期限、程序办理申请，规范使用答复文书。</li>
<li>政府信息公开工作年度报告制度：每年按规定编制并公布上一年度政府信息公开工作年度报告。</li>
<li>政府信息公开监督考核制度：接受上级机关和社会监督。</li></ul>`;
}
