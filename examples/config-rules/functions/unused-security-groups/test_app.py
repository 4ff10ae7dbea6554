"""Unit tests for the unused security group rule, with stub EC2 and Config clients."""

import json
import unittest
from datetime import datetime, timezone

import app

NOW = datetime(2025, 3, 4, 8, 0, tzinfo=timezone.utc)


def group(group_id, name=None, tags=None):
    return {
        "GroupId": group_id,
        "GroupName": name or f"name-{group_id}",
        "Tags": [{"Key": k, "Value": v} for k, v in (tags or {}).items()],
    }


def eni(*group_ids):
    return {"Groups": [{"GroupId": g} for g in group_ids]}


class StubEc2:
    """Serves each listing as the given pages, linked by NextToken."""

    def __init__(self, group_pages, eni_pages):
        self.pages = {"SecurityGroups": group_pages, "NetworkInterfaces": eni_pages}

    def _serve(self, key, token):
        index = int(token or 0)
        page = {key: self.pages[key][index]}
        if index + 1 < len(self.pages[key]):
            page["NextToken"] = str(index + 1)
        return page

    def describe_security_groups(self, NextToken=None):
        return self._serve("SecurityGroups", NextToken)

    def describe_network_interfaces(self, NextToken=None):
        return self._serve("NetworkInterfaces", NextToken)


class StubConfig:
    def __init__(self):
        self.batches = []

    def put_evaluations(self, Evaluations, ResultToken):
        self.batches.append((ResultToken, list(Evaluations)))
        return {"FailedEvaluations": []}


def scheduled_event(parameters=None):
    return {
        "invokingEvent": json.dumps(
            {"messageType": "ScheduledNotification", "notificationCreationTime": "2025-03-04T08:00:00.000Z"}
        ),
        "ruleParameters": json.dumps(parameters or {}),
        "resultToken": "token-1",
    }


class EvaluateGroupsTest(unittest.TestCase):
    def test_classifies_groups(self):
        groups = [
            group("sg-4", tags={"keep-unused": "dr-failover"}),
            group("sg-3"),
            group("sg-2", name="default"),
            group("sg-1"),
        ]
        evaluations = app.evaluate_groups(groups, {"sg-1"}, NOW, "keep-unused")
        self.assertEqual(
            [(e["ComplianceResourceId"], e["ComplianceType"]) for e in evaluations],
            [("sg-1", "COMPLIANT"), ("sg-2", "NOT_APPLICABLE"), ("sg-3", "NON_COMPLIANT"), ("sg-4", "COMPLIANT")],
        )
        self.assertEqual(evaluations[3]["Annotation"], "Unused, kept on purpose (tag keep-unused).")
        self.assertTrue(all(e["ComplianceResourceType"] == "AWS::EC2::SecurityGroup" for e in evaluations))
        self.assertTrue(all(e["OrderingTimestamp"] == NOW for e in evaluations))

    def test_groups_in_use_collects_every_attachment(self):
        self.assertEqual(app.groups_in_use([eni("sg-1", "sg-2"), eni(), eni("sg-2")]), {"sg-1", "sg-2"})


class HandleTest(unittest.TestCase):
    def test_reads_all_pages_and_reports(self):
        ec2 = StubEc2(
            group_pages=[[group("sg-a"), group("sg-b")], [group("sg-c", tags={"pinned": "yes"})]],
            eni_pages=[[eni("sg-a")], [eni("sg-b")]],
        )
        config = StubConfig()
        evaluations = app.handle(scheduled_event({"exemptTagKey": "pinned"}), ec2, config)
        self.assertEqual([e["ComplianceType"] for e in evaluations], ["COMPLIANT", "COMPLIANT", "COMPLIANT"])
        self.assertEqual(config.batches, [("token-1", evaluations)])

    def test_uses_the_default_exempt_tag(self):
        ec2 = StubEc2(group_pages=[[group("sg-c", tags={"pinned": "yes"})]], eni_pages=[[]])
        evaluations = app.handle(scheduled_event(), ec2, StubConfig())
        self.assertEqual(evaluations[0]["ComplianceType"], "NON_COMPLIANT")

    def test_sends_batches_of_100(self):
        ec2 = StubEc2(group_pages=[[group(f"sg-{i:03}") for i in range(205)]], eni_pages=[[]])
        config = StubConfig()
        app.handle(scheduled_event(), ec2, config)
        self.assertEqual([len(batch) for _, batch in config.batches], [100, 100, 5])


if __name__ == "__main__":
    unittest.main()
