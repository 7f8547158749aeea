//! The rule catalogue: one entry per rule id of RULES.md, with the document, the clause and the
//! original words, so every result can cite where its answer comes from. Rules whose thresholds
//! live in a rule pack (tiers, SLA periods, windows) take their citation from the pack in force;
//! see [`Pack::catalogue`](crate::pack::Pack::catalogue).

use alloc::borrow::Cow;

use crate::pack::{Source, Text};

/// A source document of the norms.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Document {
    /// Short name used in RULES.md (`GZ`, `NAT` …).
    pub short: Text,
    /// File under `shared/seeds/`, or `None` for law, notices and documents outside the seeds.
    pub file: Option<Text>,
    /// What the document is.
    pub title: Text,
}

const fn doc(short: &'static str, file: Option<&'static str>, title: &'static str) -> Document {
    let file = match file {
        Some(f) => Some(Cow::Borrowed(f)),
        None => None,
    };
    Document { short: Cow::Borrowed(short), file, title: Cow::Borrowed(title) }
}

/// National telecom service standard (clauses 6.4 – 10.2).
pub const NAT: Document =
    doc("NAT", Some("000_2de330606026e74d.txt"), "电信服务规范 (national telecom service standard)");
/// China Telecom Guizhou: 10000 hotline norms, 2010 standard terms, customer club rules.
pub const GZ: Document = doc(
    "GZ",
    Some("001_8acf559f1d4d1ff7.txt"),
    "中国电信贵州公司 10000号服务规范 / 客户俱乐部 (China Telecom Guizhou)",
);
/// China Telecom collection: hotline, Jiangsu 2010 table, installer and enterprise norms.
pub const CT: Document = doc("CT", Some("002_f6e0ab89cfbcd1f6.txt"), "中国电信服务规范汇编 (China Telecom collection)");
/// China Unicom service norms.
pub const CU: Document = doc("CU", Some("003_c069e301ed0d9649.txt"), "中国联通服务规范 (China Unicom)");
/// Generic telecom customer service guide.
pub const GUIDE: Document =
    doc("GUIDE", Some("004_0aede9bb59bf1ecc.txt"), "电信业务客户服务指南(标准版) (telecom customer service guide)");
/// The State Council General Office's yearly holiday notices: the working-day calendar.
pub const STATE_COUNCIL: Document =
    doc("SC", None, "国务院办公厅关于部分节假日安排的通知 (State Council holiday notices, 2004–2026)");
/// The law of the statutory holidays, in its version as amended in 2024 (see
/// [`calendar::statutory`](crate::calendar::statutory) for every version since 1999).
pub const HOLIDAYS: Document = doc(
    "HOLIDAYS",
    None,
    "全国年节及纪念日放假办法 (Measures on National Holidays and Memorial Days, as amended by 国务院令第795号, in force 2025-01-01)",
);
/// Decisions of the rules digest where no document speaks (RULES.md section 0).
pub const DIGEST: Document = doc("RULES", None, "guifan rules digest (RULES.md decisions)");
/// Civil Code of the PRC, read by analogy for bounds and periods.
pub const CIVIL_CODE: Document = doc("CIVIL", None, "中华人民共和国民法典 (Civil Code of the PRC)");

/// The documents the built-in catalogue cites, by short name.
const DOCUMENTS: [&Document; 9] = [&NAT, &GZ, &CT, &CU, &GUIDE, &STATE_COUNCIL, &HOLIDAYS, &DIGEST, &CIVIL_CODE];

impl Document {
    /// The document with this short name: one of the built-in ones, or a document known only by
    /// the name a rule pack gives it.
    pub fn named(short: &Text) -> Document {
        DOCUMENTS.iter().find(|d| d.short == *short).map(|d| (*d).clone()).unwrap_or_else(|| Document {
            short: short.clone(),
            file: None,
            title: short.clone(),
        })
    }
}

/// One catalogued rule.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Rule {
    /// Stable id, e.g. `SLA.COMPLAINT.ORDINARY`.
    pub id: Text,
    /// The document it comes from.
    pub document: Document,
    /// The clause inside the document.
    pub clause: Text,
    /// The original words (Chinese).
    pub words: Text,
    /// What guifan computes from it, in one sentence.
    pub summary: Text,
    /// Whether guifan computes it (sections 0–6) or only catalogues it (sections 7–8).
    pub computed: bool,
}

impl Rule {
    /// The catalogue entry of a rule a pack defines, cited as the pack cites it.
    pub fn from_source(id: &Text, source: &Source) -> Rule {
        Rule {
            id: id.clone(),
            document: Document::named(&source.document),
            clause: source.clause.clone(),
            words: source.words.clone(),
            summary: source.summary.clone(),
            computed: true,
        }
    }
}

const fn entry(
    id: &'static str,
    document: Document,
    clause: &'static str,
    words: &'static str,
    summary: &'static str,
    computed: bool,
) -> Rule {
    Rule {
        id: Cow::Borrowed(id),
        document,
        clause: Cow::Borrowed(clause),
        words: Cow::Borrowed(words),
        summary: Cow::Borrowed(summary),
        computed,
    }
}

const fn rule(
    id: &'static str,
    document: Document,
    clause: &'static str,
    words: &'static str,
    summary: &'static str,
) -> Rule {
    entry(id, document, clause, words, summary, true)
}

const fn listed(
    id: &'static str,
    document: Document,
    clause: &'static str,
    words: &'static str,
    summary: &'static str,
) -> Rule {
    entry(id, document, clause, words, summary, false)
}

/// Every rule of RULES.md, in its order.
pub static CATALOGUE: &[Rule] = &[
    // 0. Interpretation
    rule("INTERP.BOUNDS", CIVIL_CODE, "art. 1259",
        "民法所称的“以上”、“以下”、“以内”、“届满”,包括本数;所称的“不满”、“超过”、“以外”,不包括本数。",
        "以上/以下/以内/届满/以前/以后 include the stated number; 不满/超过/以外 exclude it."),
    rule("INTERP.PERIODS", CIVIL_CODE, "arts. 201–204",
        "按照年、月、日计算期间的,开始的当日不计入,自下一日开始计算。按照小时计算期间的,自法律规定或者当事人约定的时间开始计算。",
        "Hours start at the start instant; days and months start the next day; the last day ends at 24:00."),
    rule("INTERP.UNITS", GZ, "关键术语 13, 14",
        "小时:时间单位,包括作息时间在内的连续时间。天:时间单位,包括周末及节假日在内的连续时间",
        "Hours are continuous clock hours, days are calendar days; 工作日 follows the State Council schedule."),
    rule("INTERP.ONTIME", CIVIL_CODE, "art. 1259",
        "以内 … 包括本数",
        "A deadline is met when done <= due; 立即 (immediately) means due = start."),
    rule("INTERP.TIME", DIGEST, "0. INTERP.TIME",
        "All wall-clock times are Beijing time (UTC+08:00, no daylight saving since 1991); Xinjiang and Tibet use Beijing time too.",
        "All wall-clock times are Beijing time (+08:00); other offsets are converted."),
    rule("INTERP.CALENDAR", STATE_COUNCIL, "yearly notices",
        "国务院办公厅关于<year>年部分节假日安排的通知",
        "Working-day arithmetic only uses years with a known schedule; unknown years are errors."),
    rule("INTERP.PROVISIONAL", HOLIDAYS, "第二条、第六条", crate::calendar::statutory::PROVISIONAL_WORDS,
        "On request only, a year without a published schedule (2025–2100) is answered from these statutory days, \
         weekends otherwise, without the notice's make-up working days and 补假; such answers say so, with the years."),
    // 1. Tiers
    rule("TIER.PERSONAL", GZ, "第三章 VIP会员评级标准 (二)",
        "以个人证件登记的客户…按以下标准进行评级",
        "Personal-ID customers are rated by brand on the annual spend E (the three tables below)."),
    rule("TIER.PERSONAL.EHOME", GZ, "第三章 VIP会员评级标准 (二)(1)",
        "“我的e家”品牌客户 钻石卡E≥3360元 金卡2160≤E<3360元 银卡 1080≤E<2160",
        "e-home personal customers by annual spend: diamond >= 3360, gold >= 2160, silver >= 1080 CNY."),
    rule("TIER.PERSONAL.TIANYI", GZ, "第三章 VIP会员评级标准 (二)(2)",
        "天翼品牌客户 钻石卡E≥3360元 金卡2160≤E<3360元 银卡1032≤E<2160元",
        "Tianyi personal customers by annual spend: diamond >= 3360, gold >= 2160, silver >= 1032 CNY."),
    rule("TIER.PERSONAL.OTHER", GZ, "第三章 VIP会员评级标准 (二)(3)",
        "其他客户 钻石卡E≥3600元 金卡2400≤E<3600元 银卡1200≤E<2400元",
        "Other personal customers by annual spend: diamond >= 3600, gold >= 2400, silver >= 1200 CNY."),
    rule("TIER.ENTERPRISE.REVENUE", GZ, "第三章 VIP会员评级标准 (一)(2)",
        "钻石卡:每年为贵州电信贡献收入为30万元(含30万元)以上大客户…金卡:…10万元(含10万元)以上至30万元(不含30万元)…银卡:…5万元(5万元)以上至10万元(不含10万元)的大客户。",
        "Enterprise customers by annual revenue: diamond >= 300000, gold >= 100000, silver >= 50000 CNY."),
    rule("TIER.ENTERPRISE.GOV", GZ, "第三章 VIP会员评级标准 (一)(1)",
        "厅局级或同等级别客户发钻石卡;处级或同等级别客户发金卡;科级或同等级别客户发银卡。",
        "Party, government and military key customers by rank: bureau diamond, division gold, section silver."),
    rule("TIER.PACKAGE", GZ, "天翼VIP客户经理服务标准 一(一)",
        "客户当年在电信公司贡献收入或客户在当年6月份以前办理套餐标准达到《俱乐部管理办法》设定标准",
        "12 x the monthly package fee is rated on the brand table; a package counts if subscribed by 30 June."),
    rule("TIER.PROVISIONAL", GZ, "天翼VIP客户经理服务标准 一(二)",
        "当年客户选择的套餐不低于每月80元的标准…初步设定会员资格,当年不核发会员卡",
        "A personal customer without a tier whose package is >= 80 CNY a month is a provisional member."),
    rule("TIER.REVIEW", GZ, "第三章 (三) 会员升降级及换卡标准",
        "会员实行升降级制度,每年根据评级依据及等级标准重新核定,根据核定结果,延续或取消会员资格",
        "Yearly review against the previous tier: upgrade, downgrade, unchanged, joined or left."),
    rule("TIER.OVERRIDE", GZ, "第三章 (三) 会员升降级及换卡标准",
        "在会员级别发生降低后,可采取适当的手工干预,但须经各省公司市场部审批后执行",
        "After a downgrade an approved override may keep a tier above the evaluated one, at most the previous."),
    // 2. Status
    rule("STATUS.FREEZE", GZ, "第三章 会员资格冻结",
        "当会员名下任一终端设备欠费时,会员资格、会员卡及相应积分冻结,重新缴费后解除冻结。",
        "While any line is in arrears, membership, card and points are frozen."),
    rule("STATUS.CANCEL", GZ, "第三章 会员资格取消",
        "当出现以下情况时,会员资格自动取消",
        "Membership is cancelled automatically when any of the listed reasons holds."),
    rule("STATUS.CANCEL.NO_SERVICE", GZ, "第三章 会员资格取消 (一)",
        "会员不再继续使用中国电信提供的任何业务。",
        "Cancelled when no active line remains."),
    rule("STATUS.CANCEL.ARREARS", GZ, "第三章 会员资格取消 (二)",
        "会员名下任一业务连续欠费超过 3 个月,经催缴仍不缴纳。",
        "Cancelled when reminded arrears on a line have lasted more than 3 months (as_of > since + 3 months)."),
    rule("STATUS.CANCEL.REQUEST", GZ, "第三章 会员资格取消 (三)",
        "会员自愿申请取消会员资格。",
        "Cancelled when the member asks to leave."),
    rule("STATUS.CANCEL.EXPIRED", GZ, "第三章 会员资格取消 (四)",
        "会员卡超过有效期限。",
        "Cancelled after the card's expiry date (the expiry day itself is still valid)."),
    rule("STATUS.CANCEL.MISCONDUCT", GZ, "第三章 会员资格取消 (五)",
        "有严重损害中国电信形象和利益的行为。",
        "Cancelled when the operator flags serious misconduct."),
    rule("STATUS.PRECEDENCE", GZ, "第三章 会员资格冻结/取消",
        "会员资格冻结 … 会员资格自动取消",
        "Cancelled beats frozen beats active; every applying reason is listed."),
    // 3. Points
    rule("POINTS.MERGE", NAT, "8.2.2.3",
        "提供以客户为单位的积分合并,合并积分统一使用。",
        "All accounts of one customer merge into one balance; lots are deduplicated by id."),
    rule("POINTS.FROZEN", GZ, "第三章 会员资格冻结",
        "会员资格、会员卡及相应积分冻结",
        "A frozen member cannot redeem points; earning continues."),
    rule("POINTS.EXPIRY", GZ, "VIP会员服务 一(四) 积分活动",
        "此类奖励积分要求会员限期使用。",
        "Promotional lots are spendable through their expiry date and expired from the next day."),
    rule("POINTS.REDEEM_ORDER", NAT, "8.2.2.3",
        "合并积分统一使用",
        "Redemption spends lots with an expiry first, soonest first, then oldest earned, then by id."),
    rule("POINTS.HISTORY", NAT, "8.2.1.2",
        "提供不少于6个月的积分变化明细和积分应用明细查询。",
        "The ledger answers point changes between any two dates it holds."),
    // 4. Deadlines
    rule("SLA.COMPLAINT.ORDINARY", GZ, "服务规范标准用语 (四) 投诉受理应答语 5",
        "普通客户:您的投诉我们会在3个工作日内为您处理。",
        "Ordinary customers' complaints: 3 working days."),
    rule("SLA.COMPLAINT.BRAND", GZ, "服务规范标准用语 (四) 投诉受理应答语 5",
        "我的e家品牌客户…2个工作日内",
        "Brand customers' complaints: 2 working days."),
    rule("SLA.COMPLAINT.VIP", GZ, "服务规范标准用语 (四) 投诉受理应答语 5",
        "VIP客户:…我们立即通知专业部门与您联系处理",
        "VIP complaints: immediately."),
    rule("SLA.FAULT.ORDINARY", GZ, "服务规范标准用语 (三) 障碍受理应答语 3",
        "工作人员***小时以内上门服务(城镇24小时,农村28小时)",
        "Ordinary customers' faults: technician on site within 24 h (urban) or 28 h (rural)."),
    rule("SLA.FAULT.BRAND", GZ, "服务规范标准用语 (三) 障碍受理应答语 3",
        "您是我的e家品牌客户,我们会在***小时内为您修复的。(城镇16小时,农村24小时)",
        "Brand customers' faults: repaired within 16 h (urban) or 24 h (rural)."),
    rule("SLA.FAULT.VIP", GZ, "服务规范标准用语 (三) 障碍受理应答语 3",
        "您是VIP贵宾客户,我们会立即通知专业部门与您联系处理。",
        "VIP faults: immediately."),
    rule("SLA.REPAIR.SAMEDAY", NAT, "7.2.4.1",
        "客户报障当日修复,当日16:00以后报障次日修复。",
        "Faults reported before 16:00 are due 24:00 the same day, from 16:00 on 24:00 the next day."),
    rule("SLA.INSTALL.SAMEDAY", NAT, "7.2.4.1",
        "客户预约安装当日装通。",
        "Installation is due 24:00 of the appointment day."),
    rule("SLA.HOTLINE.ORDER", NAT, "7.4.1.3",
        "不能实时答复的48小时内处理完成并回复。",
        "Hotline orders not answered at once: 48 clock hours."),
    rule("SLA.VIP.HARD_ISSUE", NAT, "7.6.2.4",
        "疑难问题处理并回复时间应≤24 h。",
        "VIP hard issues: 24 clock hours."),
    rule("SLA.FEEDBACK", NAT, "9.3.4",
        "客户反馈的内容应转交专人认真处理,48小时内反馈。",
        "Customer feedback: 48 clock hours."),
    rule("SLA.APPOINTMENT.CONFIRM", NAT, "7.2.2.2",
        "工作时间内接收到预约单,应在30 min内与客户确认上门服务时间",
        "Appointment orders: confirmed within 30 working minutes (08:00–20:00 on working days)."),
    rule("SLA.FAULT.CONTACT", CU, "预约服务",
        "对于报障客户,应在4小时内主动与客户联系",
        "Contact a customer who reported a fault within 4 clock hours."),
    rule("SLA.ACCEPT.REVIEW", GUIDE, "2.1 业务申请与受理",
        "受理部门应在24小时内完成初步审核",
        "Initial review of an application: 24 clock hours."),
    rule("SLA.ACCEPT.NOTIFY", GUIDE, "2.1 业务申请与受理",
        "并在1个工作日内告知用户审核结果",
        "Tell the applicant the review result within 1 working day of acceptance."),
    rule("SLA.DISPUTE.INITIAL", GUIDE, "7.1 服务纠纷的定义与处理流程",
        "服务提供方应在接到投诉后24小时内进行初步调查",
        "Initial investigation of a service dispute: 24 clock hours."),
    rule("SLA.CUTOVER", CT, "第十二条",
        "由于上述原因影响客户在24小时以内正常通话的,应提前72小时告知所涉及的客户;超过24小时或影响重要客户正常通话的,必须事先报集团公司及电信主管部门的批准。",
        "Outages of at most 24 h are announced 72 h ahead; longer ones or key customers need approval."),
    rule("SLA.COUNTER", NAT, "7.1.4.1, 7.1.4.2; CU 营业厅服务标准",
        "客户到达柜台单项业务办理时长应≤15 min;到厅取号后等候时间应≤15 min;等候时限≤15分钟 单项业务办理≤10分钟;VIP等候时限≤5分钟;钻石卡、金卡预约办理不等待",
        "Counter and queue maxima in minutes: NAT 15/15, CU 15/10, VIP wait 5, diamond and gold no wait."),
    rule("SLA.APPOINTMENT.PUNCTUAL", CU, "入户服务",
        "上门时间与约定时间误差不得超过10分钟。…除客户原因外,对同一客户的入户服务不能出现两次失约。",
        "Arrival within 10 minutes of the agreed time; two missed appointments not caused by the customer are a breach."),
    // 5. Windows
    rule("NOTIFY.WINDOW", GZ, "关键术语 15",
        "所有通知/提醒服务,将夜间20:00-早晨8:00,午休时间:12:00-14:00 排除在电话通知或短信提醒时间之外;新疆、西藏相应后延2 个小时。",
        "No calls or SMS 20:00–08:00 and 12:00–14:00; Xinjiang and Tibet two hours later."),
    rule("VISIT.WINDOW", GZ, "关键术语 16; CT 江苏2010 装机",
        "上门服务时间为8:00-20:00;可在预约24小时后的任一时间(晚20:00-次日8:00除外)提供上门装机服务",
        "On-site service 08:00–20:00; installation visits from 24 h after booking, never 20:00–08:00."),
    // 6. Benefits and dunning
    rule("BENEFIT.DIAMOND", GZ, "持卡会员客户服务内容 (一) 钻石卡会员",
        "“7×24”小时电话服务及“7×12”小时上门服务;信用度控制在200元内;200元以上缴费、业务办理上门服务;余额在20元以内的预付费服务客户…告知;一个自然月内向会员3次提供紧急开机和延时停机服务",
        "Diamond benefits: credit uplift <= 200, on-site payment >= 200, small-balance care <= 20, 3 reopenings a month."),
    rule("DUNNING.CHANNEL", CT, "第十八条",
        "客户首次欠费,原则上不得向客户播放语音进行催费,应采用信件或人工方式…两次以上(包括两次)欠费的客户,方可采用播放语音方式进行不断催缴话费。",
        "Recorded voice dunning only from the second arrears on."),
    // 7. Conversation rules (catalogued)
    listed("CALL.HOLD", GZ, "第一章 服务规范标准用语",
        "在得到客户同意后才能按静音键;…超过2分钟以上的超长等待",
        "Hold only with consent, speak every 15 s, end waits over 2 minutes with a call-back."),
    listed("CALL.HANGUP", GZ, "第一章 服务规范标准用语",
        "若客户在5秒后仍未挂断电话",
        "The customer hangs up first; the agent may after 5 seconds."),
    listed("CALL.NUISANCE", GZ, "第一章 服务规范标准用语", "超过10分钟以上", "Nuisance calls end within 10 minutes."),
    listed("CALL.SPEECH_RATE", GZ, "第一章 服务规范标准用语",
        "100个字以下 … 200个字以上",
        "About 150 characters a minute; 100 or fewer is slow, 200 or more fast."),
    listed("CALL.FORBIDDEN", GZ, "服务禁忌 (九)", "服务禁语", "The 46 forbidden phrases."),
    // 8. Further limits (catalogued)
    listed("SLA.GUIDE.PROCESSING", GUIDE, "6.1",
        "一般业务处理时间不超过30分钟,复杂业务处理时间不超过45分钟",
        "Counter processing at most 30 minutes, complex business 45."),
    listed("SLA.GUIDE.EMERGENCY", GUIDE, "4.2.1",
        "接到突发事件报告后30分钟内启动应急响应", "Emergency response within 30 minutes."),
    listed("SLA.GUIDE.SECURITY", GUIDE, "4.5.3",
        "2小时内完成响应,72小时内完成事件分析与整改", "Security incidents: respond in 2 h, fix in 72 h."),
    listed("RETENTION.GUIDE", GUIDE, "2.5", "一般为业务终止后5年或更长", "Records kept at least 5 years."),
    listed("SLA.INSTALLER.CALL_AHEAD", CT, "装维人员服务规范",
        "按综调中心预约时间提前十至十五分钟与客户电话预约", "Call 10–15 minutes before the agreed time."),
    listed("SLA.HOTLINE.ANSWER", CU, "标准服务", "服务水平(20秒内人工接通率)≥85%",
        "At least 85% of calls answered by a person within 20 s."),
    listed("SLA.VIP.ANSWER", NAT, "7.6.2.3", "VIP客户经理接通率应≥85%", "VIP manager answer rate at least 85%."),
    listed("SLA.HOTLINE.HOURS", NAT, "7.4.2.2", "人工服务时间≥7 d×10 h", "Human service at least 10 hours every day."),
    listed("VISIT.DOORBELL", CU, "入户", "一次按门铃时间不宜超过2秒钟", "Ring at most 2 seconds at a time."),
    listed("SLA.JS2010.INSTALL_CONTACT", CT, "江苏2010 标准表", "固话、宽带 ≤8小时 ≤12小时 ≤24小时",
        "Column mapping unreadable in the source; not implemented."),
    listed("HALL.SCORE", CT, "营业厅服务评价", "95分及以上…优秀,90-95分…良好,80-90分…达标",
        "Hall grades (overlapping bands as written)."),
];

/// The catalogue entry of `id`.
///
/// ```
/// let rule = guifan_core::rules::find("SLA.REPAIR.SAMEDAY").unwrap();
/// assert_eq!(rule.document.short, "NAT");
/// assert!(rule.words.contains("16:00"));
/// ```
pub fn find(id: &str) -> Option<&'static Rule> {
    CATALOGUE.iter().find(|r| r.id == id)
}

/// The entry of an id the crate itself uses; a missing one is a bug caught by the tests.
pub(crate) fn cite(id: &'static str) -> &'static Rule {
    find(id).unwrap_or_else(|| panic!("rule {id} missing from the catalogue"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_well_formed() {
        for (i, r) in CATALOGUE.iter().enumerate() {
            assert!(CATALOGUE[..i].iter().all(|o| o.id != r.id), "duplicate {}", r.id);
            assert!(r.id.chars().all(|c| c.is_ascii_uppercase() || c == '.' || c == '_' || c.is_ascii_digit()));
            assert!(!r.words.is_empty() && !r.clause.is_empty() && !r.summary.is_empty());
        }
    }

    /// The rule ids RULES.md defines: tokens like `SLA.FAULT.VIP` with a known family prefix.
    fn rules_md_ids() -> alloc::vec::Vec<&'static str> {
        const FAMILIES: &[&str] = &[
            "INTERP.",
            "TIER.",
            "STATUS.",
            "POINTS.",
            "SLA.",
            "NOTIFY.",
            "VISIT.",
            "BENEFIT.",
            "DUNNING.",
            "CALL.",
            "RETENTION.",
            "HALL.",
        ];
        let text = include_str!("../../../spec-tests/RULES.md");
        let mut ids = alloc::vec::Vec::new();
        for token in text.split(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '.' || c == '_')) {
            let token = token.trim_end_matches('.');
            if FAMILIES.iter().any(|f| token.starts_with(f)) && !ids.contains(&token) {
                ids.push(token);
            }
        }
        ids
    }

    #[test]
    fn every_rules_md_id_is_catalogued() {
        let ids = rules_md_ids();
        for id in &ids {
            assert!(find(id).is_some(), "{id} is in RULES.md but not in the catalogue");
        }
        for r in CATALOGUE {
            assert!(ids.contains(&r.id.as_ref()), "{} is catalogued but not in RULES.md", r.id);
        }
    }
}
