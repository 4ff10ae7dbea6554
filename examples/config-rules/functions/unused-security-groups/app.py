"""Custom AWS Config rule: security groups should be in use.

Periodic. Every security group in the region is evaluated
(AWS::EC2::SecurityGroup): NON_COMPLIANT when no network interface uses it,
so stale groups get cleaned up before someone reuses their rules.
A VPC's default group cannot be deleted and is NOT_APPLICABLE; groups tagged
with `exemptTagKey` (input parameter) are COMPLIANT with a note.

`evaluate_groups` is pure; `handle` takes its clients as arguments, so tests
pass stubs and only `lambda_handler` touches boto3.
"""

import json
from datetime import datetime

RESOURCE_TYPE = "AWS::EC2::SecurityGroup"
DEFAULT_EXEMPT_TAG_KEY = "keep-unused"
# PutEvaluations accepts at most 100 evaluations per call.
PUT_EVALUATIONS_BATCH = 100


def _pages(call, result_key, **kwargs):
    """Follows EC2's NextToken pagination."""
    while True:
        page = call(**kwargs)
        yield from page.get(result_key, [])
        token = page.get("NextToken")
        if not token:
            return
        kwargs["NextToken"] = token


def groups_in_use(network_interfaces):
    """IDs of the security groups attached to any of the network interfaces."""
    return {group["GroupId"] for eni in network_interfaces for group in eni.get("Groups", [])}


def evaluate_groups(security_groups, in_use, now, exempt_tag_key):
    """One evaluation per security group (DescribeSecurityGroups shape), sorted by group ID."""
    evaluations = []
    for group in sorted(security_groups, key=lambda g: g["GroupId"]):
        tags = {tag["Key"]: tag["Value"] for tag in group.get("Tags", [])}
        if group["GroupName"] == "default":
            compliance, note = "NOT_APPLICABLE", None
        elif group["GroupId"] in in_use:
            compliance, note = "COMPLIANT", None
        elif exempt_tag_key in tags:
            compliance, note = "COMPLIANT", f"Unused, kept on purpose (tag {exempt_tag_key})."
        else:
            compliance, note = "NON_COMPLIANT", "No network interface uses this security group."
        evaluation = {
            "ComplianceResourceType": RESOURCE_TYPE,
            "ComplianceResourceId": group["GroupId"],
            "ComplianceType": compliance,
            "OrderingTimestamp": now,
        }
        if note:
            evaluation["Annotation"] = note
        evaluations.append(evaluation)
    return evaluations


def handle(event, ec2, config):
    """The rule, given its clients. Times come from the event, not the clock."""
    invoking = json.loads(event["invokingEvent"])
    if invoking.get("messageType") != "ScheduledNotification":
        return []
    params = json.loads(event.get("ruleParameters") or "{}")
    now = datetime.fromisoformat(invoking["notificationCreationTime"].replace("Z", "+00:00"))
    groups = list(_pages(ec2.describe_security_groups, "SecurityGroups"))
    in_use = groups_in_use(_pages(ec2.describe_network_interfaces, "NetworkInterfaces"))
    evaluations = evaluate_groups(groups, in_use, now, params.get("exemptTagKey", DEFAULT_EXEMPT_TAG_KEY))
    for start in range(0, len(evaluations), PUT_EVALUATIONS_BATCH):
        batch = evaluations[start : start + PUT_EVALUATIONS_BATCH]
        failed = config.put_evaluations(Evaluations=batch, ResultToken=event["resultToken"]).get("FailedEvaluations")
        if failed:
            raise RuntimeError(f"AWS Config rejected {len(failed)} evaluation(s)")
    return evaluations


def lambda_handler(event, context):
    import boto3  # provided by the Lambda runtime; imported here so tests need no AWS SDK

    evaluations = handle(event, boto3.client("ec2"), boto3.client("config"))
    return {"evaluated": len(evaluations)}
