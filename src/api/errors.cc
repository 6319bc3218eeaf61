#include "api/errors.h"

#include "api/module.h"

#include <boost/json.hpp>

#include <charconv>
#include <unordered_map>

namespace shouhu::api {
namespace {

struct Text {
  std::string_view zh;
  std::string_view en;
};

// Message keys (Status::message()) and field reason codes, in both languages.
const std::unordered_map<std::string_view, Text>& Catalogue() {
  static const std::unordered_map<std::string_view, Text> catalogue = {
      // request shape
      {"invalid_json", {"请求内容不是有效的 JSON", "The request body is not valid JSON"}},
      {"invalid_field", {"请检查标出的字段", "Please check the marked fields"}},
      {"invalid_request", {"请求格式有误", "The request is malformed"}},
      {"expected_object", {"请求内容应为 JSON 对象", "The request body must be a JSON object"}},
      {"body_required", {"缺少请求内容", "A request body is required"}},
      {"payload_too_large", {"请求内容过大", "The request body is too large"}},
      {"not_found", {"未找到请求的资源", "The requested resource was not found"}},
      {"method_not_allowed", {"不支持该请求方法", "This method is not allowed here"}},
      {"too_many_connections",
       {"服务器繁忙,请稍后重试", "The server is busy; please retry shortly"}},
      {"internal_error", {"服务器内部错误,请稍后重试", "Internal server error; please retry"}},
      {"unavailable", {"服务暂不可用,请稍后重试", "The service is unavailable; please retry"}},
      {"database_unreachable", {"数据库暂不可用", "The database is unreachable"}},
      {"cannot_open_database", {"数据库暂不可用", "The database is unreachable"}},
      {"bad_request", {"请求格式有误", "The request is malformed"}},
      {"header_too_large", {"请求头过大", "The request headers are too large"}},
      // generic texts, for a status whose key has none of its own (ErrorResponse)
      {"conflict",
       {"与当前数据冲突,请刷新后重试", "This conflicts with the current data; reload and retry"}},
      {"unprocessable", {"无法处理该请求", "The request cannot be processed"}},
      {"locked", {"暂时锁定,请稍后再试", "Locked for a while; please try again later"}},
      {"too_many_requests", {"请求过于频繁,请稍后再试", "Too many requests; please wait"}},
      {"invalid_value", {"请检查此项", "Please check this item"}},
      // storage
      {"database_busy", {"数据库繁忙,请稍后重试", "The database is busy; please retry shortly"}},
      {"database_io_error",
       {"数据库读写出错,请稍后重试", "The database could not read or write; please retry"}},
      {"database_closed",
       {"服务正在停止,请稍后重试", "The service is shutting down; please retry shortly"}},
      {"read_pool_exhausted",
       {"服务器繁忙,请稍后重试", "The server is busy; please retry shortly"}},
      {"append_only",
       {"该记录只能追加,不能修改或删除",
        "This record can only be added to, never changed or deleted"}},
      {"constraint",
       {"数据不完整或与已有数据冲突,未保存",
        "The data is incomplete or conflicts; nothing was saved"}},
      {"foreign_key", {"引用的对象不存在", "The referenced object does not exist"}},
      {"row_not_found", {"未找到该记录", "No such record"}},
      {"session_not_found",
       {"登录已失效,请重新登录", "Your session has ended; please sign in again"}},
      // authentication
      {"login_failed", {"用户名或密码错误", "Wrong username or password"}},
      {"account_locked",
       {"登录失败次数过多,账户已暂时锁定,请 15 分钟后再试",
        "Too many failed sign-ins; the account is locked for a while"}},
      {"login_rate_limited",
       {"登录尝试过于频繁,请稍后再试", "Too many sign-in attempts; please wait"}},
      {"account_disabled",
       {"该账户已停用,请联系系统管理员",
        "This account has been disabled; contact your administrator"}},
      {"account_pending_approval",
       {"该账户待审批: 须经本区协调员或领导批准后方可登录",
        "This account awaits approval: a coordinator or leader of the district must approve it "
        "before it can sign in"}},
      {"not_signed_in", {"请先登录", "Please sign in"}},
      {"session_expired",
       {"登录已过期,请重新登录", "Your session has expired; please sign in again"}},
      {"csrf_failed",
       {"请求校验失败,请刷新页面后重试", "Request check failed; reload the page and retry"}},
      {"password_change_required",
       {"请先修改一次性密码", "Please change your one-time password first"}},
      // the two-person rule (docs/ACCESS.md)
      {"approval_not_found", {"未找到该审批申请", "No such approval request"}},
      {"approval_not_pending",
       {"该申请已处理,不能再次审批", "This request has already been decided"}},
      {"approval_expired", {"该审批申请已过期", "This approval request has expired"}},
      {"approval_own_request",
       {"不能审批自己提出或与本人账户有关的申请",
        "You may not decide a request you made or one about your own account"}},
      {"approval_other_district",
       {"只能审批本区的申请", "You may decide only requests of your own district"}},
      {"export_approval_required",
       {"明文导出的案件数超过上限,须经本区另一位协调员或领导批准; 已提交审批申请",
        "A clear export of this many cases needs the approval of another coordinator or leader "
        "of the district; an approval request has been filed"}},
      {"export_approval_pending",
       {"该导出申请尚待审批", "This export request has not been approved yet"}},
      {"export_approval_rejected", {"该导出申请未获批准", "This export request was not approved"}},
      {"export_approval_used",
       {"该批准已使用过,每次批准只能导出一次",
        "This approval has been used; each approval allows one export"}},
      {"export_approval_mismatch",
       {"导出条件、原因或案件数与批准的申请不符",
        "The filters, reason or number of cases differ from the approved request"}},
      {"export_daily_cap_reached",
       {"今日明文导出的案件数已达上限",
        "You have reached today's limit of cases exported in clear"}},
      // authorisation
      {"admin_only", {"仅系统管理员可执行此操作", "Only administrators may do this"}},
      {"auditor_only", {"仅审计员可查看审计日志", "Only auditors may read the audit log"}},
      {"forbidden", {"无权执行此操作", "You are not allowed to do this"}},
      {"not_a_user", {"命令行操作员不能执行此操作", "The command-line operator cannot do this"}},
      // accounts
      {"unit_exists", {"单位代码已存在", "A unit with this code already exists"}},
      {"user_exists", {"用户名已存在", "This username is taken"}},
      {"user_not_found", {"未找到该用户", "No such user"}},
      {"cannot_disable_self", {"不能停用自己的账户", "You cannot disable your own account"}},
      // cases
      {"case_not_found", {"未找到该案件", "No such case"}},
      {"unknown_district",
       {"本系统没有该区的协调单位, 请核对区划代码",
        "No coordinating unit serves this district here; check the district code"}},
      {"other_district",
       {"牵头单位须为本案所在区的单位", "The lead unit must be in the case's own district"}},
      {"match_decided",
       {"该疑似同一女童的记录已处理", "This possible match has already been decided"}},
      {"match_not_found", {"未找到该疑似同一女童的记录", "No such possible match"}},
      {"no_case_access", {"该角色不能查看案件内容", "This role may not see case content"}},
      {"unmask_not_allowed", {"该角色不能查看身份信息", "This role may not see identity fields"}},
      {"stale_version",
       {"案件已被他人修改,请刷新后重试", "Someone else changed this record; reload and retry"}},
      {"if_match_required",
       {"修改时需要附带版本号 (If-Match)", "Send the version you edited in If-Match"}},
      {"idempotency_key_reused",
       {"同一幂等键已用于不同的内容", "This Idempotency-Key was used with a different body"}},
      {"unit_not_found", {"未找到该单位", "No such unit"}},
      {"child_not_found", {"未找到该女童的记录", "No such child record"}},
      {"incident_not_found", {"未找到该事件记录", "No such incident"}},
      {"hotline_call_not_found", {"未找到该来电记录", "No such hotline call"}},
      {"grant_not_found", {"未找到该授权", "No such grant"}},
      // workflow
      {"invalid_transition",
       {"案件当前状态不允许此操作", "This action is not allowed in the case's current state"}},
      {"open_tasks",
       {"仍有未办结的任务,不能结案", "Tasks are still open; the case cannot be closed"}},
      {"case_closed", {"案件已结案", "The case is closed"}},
      {"invalid_task_transition",
       {"任务当前状态不允许此操作", "This action is not allowed in the task's current state"}},
      {"task_not_found", {"未找到该任务", "No such task"}},
      {"escalation_not_found", {"未找到该督办事项", "No such escalation"}},
      {"escalation_closed", {"督办事项已关闭", "The escalation is already closed"}},
      {"escalation_not_open", {"督办事项已关闭", "The escalation is already closed"}},
      {"comment_not_found", {"未找到该督办意见", "No such escalation comment"}},
      {"assessment_not_found", {"未找到该评估", "No such assessment"}},
      {"followup_not_due",
       {"该回访已记录或尚未安排", "This follow-up is recorded or not scheduled"}},
      {"delivery_not_found", {"未找到该推送记录", "No such webhook delivery"}},
      {"followup_recorded", {"该回访已记录", "This follow-up is already recorded"}},
      {"notification_not_found", {"未找到该通知", "No such notification"}},
      {"webhook_not_found", {"该单位未设置推送地址", "The unit has no webhook"}},
      {"schema_newer_than_binary",
       {"数据库版本高于程序版本", "The database schema is newer than this program"}},
      // field reasons
      {"required", {"必填", "Required"}},
      {"unknown_field", {"不支持的字段", "Unknown field"}},
      {"duplicate_key", {"字段重复", "Duplicate field"}},
      {"wrong_type", {"类型错误", "Wrong type"}},
      {"too_deep", {"嵌套层级过深", "Nested too deeply"}},
      {"invalid_utf8", {"包含无效字符编码", "Contains invalid UTF-8"}},
      {"bad_length", {"长度不符合要求", "Length out of range"}},
      {"bad_format", {"格式不正确", "Invalid format"}},
      {"too_long", {"内容过长", "Too long"}},
      {"too_short", {"密码至少需要 12 个字符", "Passwords need at least 12 characters"}},
      {"too_common", {"密码过于常见,请换一个", "This password is too common"}},
      {"contains_username", {"密码不能包含用户名", "The password must not contain the username"}},
      {"wrong_password", {"当前密码不正确", "The current password is wrong"}},
      {"unchanged",
       {"新密码不能与当前密码相同", "The new password must differ from the current one"}},
      {"unknown_value", {"不是允许的取值", "Not an allowed value"}},
      {"not_found_ref", {"引用的对象不存在", "The referenced object does not exist"}},
      {"taken", {"已被占用", "Already taken"}},
      {"out_of_range", {"超出允许范围", "Out of range"}},
      {"not_allowed", {"当前状态下不允许", "Not allowed in the current state"}},
      {"required_for_downgrade",
       {"降低风险等级须说明理由", "Lowering the risk level needs a reason"}},
      {"wrong_unit_kind", {"该单位不承担此类任务", "This unit does not carry this kind of task"}},
      {"guardian_consent_required",
       {"转介社会组织须有监护人同意", "Referral to a social organisation needs guardian consent"}},
      {"too_many", {"数量过多", "Too many"}},
      {"too_large", {"内容过大", "Too large"}},
      {"in_future", {"不能晚于当前时间", "Must not be in the future"}},
      {"after_discovery", {"不能早于发现时间", "Must not be before the time of discovery"}},
      {"after_report", {"不能晚于报告时间", "Must not be after the time of the report"}},
      {"bad_birth_date",
       {"身份证号中的出生日期无效", "The birth date in the ID number is invalid"}},
      {"bad_check_digit", {"身份证号校验位不正确", "The ID number's check digit is wrong"}},
      {"bad_date", {"日期不存在", "This date does not exist"}},
      {"before_birth", {"不能早于出生日期", "Must not be before the birth date"}},
      {"future_birth_date", {"出生日期不能晚于今天", "The birth date must not be in the future"}},
      {"id_number_mismatch",
       {"出生日期与身份证号不一致", "The birth date does not match the ID number"}},
      {"not_minor_on_incident_date",
       {"事发时应未满 18 周岁", "She must be under 18 on the incident date"}},
      // proceedings, services and interviews
      {"out_of_order",
       {"顺序不符:请先登记前一阶段,且日期不早于前一阶段",
        "Out of order: record the earlier stage first, dated no earlier than it"}},
      {"stage_recorded", {"该阶段已登记", "This stage is already recorded"}},
      {"order_decided", {"该保护令申请已作出裁定", "This protection order is already decided"}},
      {"reference_missing", {"请先登记其前一阶段", "Record the stage this one follows first"}},
      {"proceeding_not_found", {"未找到该司法程序记录", "No such proceeding"}},
      {"protection_order_not_found", {"未找到该保护令记录", "No such protection order"}},
      {"service_not_found", {"未找到该服务记录", "No such service record"}},
      {"interview_not_found", {"未找到该询问记录", "No such interview"}},
      {"before_reference", {"日期早于前一阶段", "Dated before the stage it follows"}},
      {"after_later_stage",
       {"日期晚于已登记的后续阶段", "Dated after a later stage already recorded"}},
      {"before_application", {"裁定日期早于申请日期", "Decided before it was applied for"}},
      {"before_decision", {"有效期早于裁定日期", "Ends before the decision"}},
      {"not_applicable", {"此处不适用", "Does not apply here"}},
      {"not_in_url",
       {"姓名不得放在网址中，请用 POST /api/v1/cases/search 在请求正文中发送",
        "A name must not be put in a URL; send it in the body of POST /api/v1/cases/search"}},
      {"negative", {"不能为负数", "Must not be negative"}},
      {"kind_mismatch",
       {"该单位类型不提供此项服务", "This unit's kind does not deliver this service"}},
      {"required_for_repeat",
       {"再次询问须说明理由(原则上只询问一次)",
        "A further interview needs a reason (the girl is interviewed once)"}},
      {"duplicate", {"有重复项", "Contains duplicates"}},
      // statistics and exports
      {"stats_forbidden",
       {"仅领导小组成员、分析人员和协调员可查看统计",
        "Only leaders, analysts and coordinators may "
        "see statistics"}},
      {"stats_other_district",
       {"协调员只能查看本区的统计", "Coordinators may see their own district's statistics only"}},
      {"stats_not_found", {"没有这项统计", "No such statistic"}},
      {"before_from", {"结束日期早于开始日期", "The end date is before the start date"}},
      {"xlsx_unreadable", {"无法读取该 XLSX 文件", "The XLSX file cannot be read"}},
      {"no_rows", {"没有数据行", "No data rows"}},
  };
  return catalogue;
}

// Field reason "not_found" reads differently from the top-level "not_found".
std::string_view FieldReasonKey(const std::string& reason) {
  return reason == "not_found" ? std::string_view("not_found_ref") : std::string_view(reason);
}

// The generic key of each status code, for a message key the catalogue does not know.
std::string_view GenericKey(StatusCode code) {
  switch (code) {
    case StatusCode::kInvalidArgument:
      return "invalid_request";
    case StatusCode::kUnauthenticated:
      return "not_signed_in";
    case StatusCode::kPermissionDenied:
      return "forbidden";
    case StatusCode::kNotFound:
      return "not_found";
    case StatusCode::kConflict:
      return "conflict";
    case StatusCode::kPreconditionFailed:
      return "stale_version";
    case StatusCode::kPreconditionRequired:
      return "if_match_required";
    case StatusCode::kPayloadTooLarge:
      return "payload_too_large";
    case StatusCode::kUnprocessable:
      return "unprocessable";
    case StatusCode::kLocked:
      return "locked";
    case StatusCode::kTooManyRequests:
      return "too_many_requests";
    case StatusCode::kUnavailable:
      return "unavailable";
    case StatusCode::kOk:
    case StatusCode::kCorruption:
    case StatusCode::kInternal:
      break;
  }
  return "internal_error";
}

}  // namespace

Language LanguageOf(const http::Request& request) {
  const std::string_view header = request.Header("accept-language");
  if (header.size() >= 2 && (header.substr(0, 2) == "en" || header.substr(0, 2) == "EN")) {
    return Language::kEn;
  }
  return Language::kZh;
}

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kConflict:
      return 409;
    case StatusCode::kPreconditionFailed:
      return 412;
    case StatusCode::kPayloadTooLarge:
      return 413;
    case StatusCode::kUnprocessable:
      return 422;
    case StatusCode::kLocked:
      return 423;
    case StatusCode::kPreconditionRequired:
      return 428;
    case StatusCode::kTooManyRequests:
      return 429;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kCorruption:
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

bool HasMessage(std::string_view code) {
  return Catalogue().contains(code) || ModuleErrorText(code) != nullptr;
}

std::string_view Localise(std::string_view key, Language lang) {
  if (const ErrorText* t = ModuleErrorText(key); t != nullptr && !Catalogue().contains(key))
    return lang == Language::kEn ? t->en : t->zh;
  const auto& c = Catalogue();
  auto it = c.find(key);
  if (it == c.end()) it = c.find("invalid_value");
  return lang == Language::kEn ? it->second.en : it->second.zh;
}

http::Response ErrorResponse(const http::Request& request, const Status& status) {
  const Language lang = LanguageOf(request);
  // Internal failures carry library text that must never reach the client (it could hold data),
  // and a key without a text may be such text too: both get a generic code of their kind.
  const bool internal =
      status.code() == StatusCode::kInternal || status.code() == StatusCode::kCorruption;
  const std::string_view key = !internal && HasMessage(status.message())
                                   ? std::string_view(status.message())
                                   : GenericKey(status.code());
  boost::json::object fields;
  boost::json::object field_codes;
  boost::json::object references;
  if (!internal) {
    for (const auto& [field, reason] : status.fields()) {
      // A reference the answer carries beside its code (the approval request a refused export
      // waits for): a number, never text.
      int64_t id = 0;
      if (field == "approval_id" &&
          std::from_chars(reason.data(), reason.data() + reason.size(), id).ec == std::errc()) {
        references[field] = id;
        continue;
      }
      fields[field] = Localise(FieldReasonKey(reason), lang);
      // The stable code beside the text; a reason without a text (possibly library text) is
      // reported as the generic one.
      field_codes[field] = HasMessage(FieldReasonKey(reason)) ? std::string(FieldReasonKey(reason))
                                                              : std::string("invalid_value");
    }
  }
  boost::json::object error{
      {"code", key}, {"message", Localise(key, lang)}, {"fields", std::move(fields)}};
  if (!field_codes.empty()) error["field_codes"] = std::move(field_codes);
  for (auto& [name, value] : references) error[name] = value;
  return http::Response::Json(
      HttpStatusFor(status.code()),
      boost::json::serialize(boost::json::object{{"error", std::move(error)}}));
}

}  // namespace shouhu::api
