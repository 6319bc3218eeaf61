// The filters of GET /api/v1/cases from the query string: status, risk_level, harm_type,
// intake_channel, unit_id, district_code, case_number, reported_from / reported_to (ISO 8601),
// before and limit (paging). Shared by the case list and its export; field-named errors.
#pragma once

#include "core/status.h"
#include "http/message.h"
#include "storage/case_records.h"

namespace shouhu::api {

Result<storage::CaseFilter> ParseCaseFilter(const http::Request& req);

}  // namespace shouhu::api
