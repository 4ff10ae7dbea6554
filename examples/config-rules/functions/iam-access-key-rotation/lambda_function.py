"""Custom AWS Config rule: IAM access keys must be rotated.

Periodic. Every IAM user is evaluated (AWS::IAM::User): NON_COMPLIANT when one
of its active access keys is older than `maxAccessKeyAge` days (input
parameter, default 90), COMPLIANT otherwise.

The decision (`evaluate_user`) is pure; `evaluate_account` and
`put_evaluations` take their clients as arguments, so tests pass stubs and
only `lambda_handler` touches boto3.
"""

import json
from datetime import datetime

RESOURCE_TYPE = "AWS::IAM::User"
DEFAULT_MAX_AGE_DAYS = 90
# PutEvaluations accepts at most 100 evaluations per call.
PUT_EVALUATIONS_BATCH = 100
# Config caps annotations at 256 characters.
MAX_ANNOTATION = 256


def max_age_days(rule_parameters):
    """Reads maxAccessKeyAge from the rule's input parameters (a JSON string)."""
    params = json.loads(rule_parameters) if rule_parameters else {}
    value = params.get("maxAccessKeyAge", DEFAULT_MAX_AGE_DAYS)
    days = int(value)
    if days < 1:
        raise ValueError(f"maxAccessKeyAge must be a positive number of days, got {value!r}")
    return days


def evaluate_user(user, access_keys, now, max_age):
    """One evaluation for a user (ListUsers shape), given its access keys (ListAccessKeys shape).

    Config identifies IAM users by their user ID (AIDA...), not by name.
    """
    stale = []
    for key in access_keys:
        if key.get("Status") != "Active":
            continue
        age = (now - key["CreateDate"]).days
        if age > max_age:
            stale.append(f"{key['AccessKeyId']} is {age} days old")
    evaluation = {
        "ComplianceResourceType": RESOURCE_TYPE,
        "ComplianceResourceId": user["UserId"],
        "ComplianceType": "NON_COMPLIANT" if stale else "COMPLIANT",
        "OrderingTimestamp": now,
    }
    if stale:
        note = f"{user['UserName']}: rotate access keys older than {max_age} days: " + "; ".join(stale) + "."
        evaluation["Annotation"] = note[:MAX_ANNOTATION]
    return evaluation


def _pages(call, result_key, **kwargs):
    """Follows IAM's Marker/IsTruncated pagination."""
    while True:
        page = call(**kwargs)
        yield from page.get(result_key, [])
        if not page.get("IsTruncated"):
            return
        kwargs["Marker"] = page["Marker"]


def evaluate_account(iam, now, max_age):
    """Evaluations for every IAM user in the account, in ListUsers order."""
    evaluations = []
    for user in _pages(iam.list_users, "Users"):
        keys = list(_pages(iam.list_access_keys, "AccessKeyMetadata", UserName=user["UserName"]))
        evaluations.append(evaluate_user(user, keys, now, max_age))
    return evaluations


def put_evaluations(config, evaluations, result_token):
    """Reports evaluations in batches Config accepts; raises if any is rejected."""
    for start in range(0, len(evaluations), PUT_EVALUATIONS_BATCH):
        batch = evaluations[start : start + PUT_EVALUATIONS_BATCH]
        response = config.put_evaluations(Evaluations=batch, ResultToken=result_token)
        failed = response.get("FailedEvaluations") or []
        if failed:
            ids = ", ".join(e["ComplianceResourceId"] for e in failed)
            raise RuntimeError(f"AWS Config rejected {len(failed)} evaluation(s): {ids}")


def handle(event, iam, config):
    """The rule, given its clients. Times come from the event, not the clock."""
    invoking = json.loads(event["invokingEvent"])
    if invoking.get("messageType") != "ScheduledNotification":
        return []
    now = datetime.fromisoformat(invoking["notificationCreationTime"].replace("Z", "+00:00"))
    evaluations = evaluate_account(iam, now, max_age_days(event.get("ruleParameters")))
    put_evaluations(config, evaluations, event["resultToken"])
    return evaluations


def lambda_handler(event, context):
    import boto3  # provided by the Lambda runtime; imported here so tests need no AWS SDK

    evaluations = handle(event, boto3.client("iam"), boto3.client("config"))
    non_compliant = sum(1 for e in evaluations if e["ComplianceType"] == "NON_COMPLIANT")
    return {"evaluated": len(evaluations), "nonCompliant": non_compliant}
