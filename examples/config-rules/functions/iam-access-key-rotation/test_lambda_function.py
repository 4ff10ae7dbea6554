"""Unit tests for the access key rotation rule, with stub IAM and Config clients."""

import json
import unittest
from datetime import datetime, timedelta, timezone

import lambda_function as rule

NOW = datetime(2025, 3, 4, 8, 0, tzinfo=timezone.utc)


def key(key_id, age_days, status="Active"):
    return {"AccessKeyId": key_id, "Status": status, "CreateDate": NOW - timedelta(days=age_days)}


def user(name):
    return {"UserName": name, "UserId": "AIDA" + name.upper()}


class StubIam:
    """ListUsers / ListAccessKeys over fixed data, `page_size` items per page."""

    def __init__(self, keys_by_user, page_size=2):
        self.keys_by_user = keys_by_user
        self.page_size = page_size
        self.calls = []

    def _page(self, items, marker):
        start = int(marker or 0)
        end = start + self.page_size
        page = {"IsTruncated": end < len(items)}
        if page["IsTruncated"]:
            page["Marker"] = str(end)
        return items[start:end], page

    def list_users(self, Marker=None):
        self.calls.append(("ListUsers", Marker))
        users, page = self._page([user(name) for name in self.keys_by_user], Marker)
        return {**page, "Users": users}

    def list_access_keys(self, UserName, Marker=None):
        self.calls.append(("ListAccessKeys", UserName, Marker))
        keys, page = self._page(self.keys_by_user[UserName], Marker)
        return {**page, "AccessKeyMetadata": keys}


class StubConfig:
    def __init__(self, fail_ids=()):
        self.batches = []
        self.fail_ids = set(fail_ids)

    def put_evaluations(self, Evaluations, ResultToken):
        self.batches.append((ResultToken, list(Evaluations)))
        failed = [e for e in Evaluations if e["ComplianceResourceId"] in self.fail_ids]
        return {"FailedEvaluations": failed}


def scheduled_event(parameters=None):
    return {
        "invokingEvent": json.dumps(
            {"messageType": "ScheduledNotification", "notificationCreationTime": "2025-03-04T08:00:00.000Z"}
        ),
        "ruleParameters": json.dumps(parameters) if parameters is not None else None,
        "resultToken": "token-1",
    }


class EvaluateUserTest(unittest.TestCase):
    def test_user_without_keys_is_compliant(self):
        evaluation = rule.evaluate_user(user("ci"), [], NOW, 90)
        self.assertEqual(evaluation["ComplianceType"], "COMPLIANT")
        self.assertEqual(evaluation["ComplianceResourceType"], "AWS::IAM::User")
        self.assertEqual(evaluation["ComplianceResourceId"], "AIDACI")
        self.assertEqual(evaluation["OrderingTimestamp"], NOW)
        self.assertNotIn("Annotation", evaluation)

    def test_key_at_the_limit_is_compliant(self):
        evaluation = rule.evaluate_user(user("ci"), [key("AKIAEXACT", 90)], NOW, 90)
        self.assertEqual(evaluation["ComplianceType"], "COMPLIANT")

    def test_key_past_the_limit_is_non_compliant(self):
        evaluation = rule.evaluate_user(user("ci"), [key("AKIAFRESH", 3), key("AKIAOLD", 91)], NOW, 90)
        self.assertEqual(evaluation["ComplianceType"], "NON_COMPLIANT")
        self.assertIn("AKIAOLD is 91 days old", evaluation["Annotation"])
        self.assertNotIn("AKIAFRESH", evaluation["Annotation"])

    def test_inactive_keys_are_ignored(self):
        evaluation = rule.evaluate_user(user("ci"), [key("AKIAOFF", 400, status="Inactive")], NOW, 90)
        self.assertEqual(evaluation["ComplianceType"], "COMPLIANT")

    def test_annotation_fits_configs_limit(self):
        keys = [key("AKIA" + "X" * 16 + str(i), 500) for i in range(20)]
        evaluation = rule.evaluate_user(user("ci"), keys, NOW, 90)
        self.assertEqual(len(evaluation["Annotation"]), rule.MAX_ANNOTATION)


class MaxAgeDaysTest(unittest.TestCase):
    def test_defaults_to_90(self):
        self.assertEqual(rule.max_age_days(None), 90)
        self.assertEqual(rule.max_age_days("{}"), 90)

    def test_accepts_numbers_and_strings(self):
        self.assertEqual(rule.max_age_days('{"maxAccessKeyAge": 45}'), 45)
        self.assertEqual(rule.max_age_days('{"maxAccessKeyAge": "30"}'), 30)

    def test_rejects_non_positive_values(self):
        with self.assertRaises(ValueError):
            rule.max_age_days('{"maxAccessKeyAge": 0}')


class HandleTest(unittest.TestCase):
    def test_evaluates_every_user_across_pages(self):
        iam = StubIam(
            {
                "alice": [key("AKIAALICE1", 10)],
                "bob": [key("AKIABOB1", 10), key("AKIABOB2", 120), key("AKIABOB3", 200, "Inactive")],
                "carol": [],
            }
        )
        config = StubConfig()
        evaluations = rule.handle(scheduled_event({"maxAccessKeyAge": 90}), iam, config)
        results = {e["ComplianceResourceId"]: e["ComplianceType"] for e in evaluations}
        self.assertEqual(results, {"AIDAALICE": "COMPLIANT", "AIDABOB": "NON_COMPLIANT", "AIDACAROL": "COMPLIANT"})
        # Both ListUsers pages and both of bob's ListAccessKeys pages were read.
        self.assertIn(("ListUsers", "2"), iam.calls)
        self.assertIn(("ListAccessKeys", "bob", "2"), iam.calls)
        self.assertEqual(config.batches, [("token-1", evaluations)])

    def test_uses_the_rule_parameter(self):
        iam = StubIam({"alice": [key("AKIAALICE1", 40)]})
        evaluations = rule.handle(scheduled_event({"maxAccessKeyAge": "30"}), iam, StubConfig())
        self.assertEqual(evaluations[0]["ComplianceType"], "NON_COMPLIANT")

    def test_ignores_change_notifications(self):
        event = {"invokingEvent": json.dumps({"messageType": "ConfigurationItemChangeNotification"}), "resultToken": "t"}
        config = StubConfig()
        self.assertEqual(rule.handle(event, StubIam({}), config), [])
        self.assertEqual(config.batches, [])


class PutEvaluationsTest(unittest.TestCase):
    def test_sends_batches_of_100(self):
        evaluations = [rule.evaluate_user(user(f"u{i}"), [], NOW, 90) for i in range(250)]
        config = StubConfig()
        rule.put_evaluations(config, evaluations, "token-2")
        self.assertEqual([len(batch) for _, batch in config.batches], [100, 100, 50])
        self.assertEqual([e for _, batch in config.batches for e in batch], evaluations)

    def test_raises_when_config_rejects_an_evaluation(self):
        evaluations = [rule.evaluate_user(user("ci"), [], NOW, 90)]
        with self.assertRaisesRegex(RuntimeError, "rejected 1 evaluation"):
            rule.put_evaluations(StubConfig(fail_ids={"AIDACI"}), evaluations, "token-3")


if __name__ == "__main__":
    unittest.main()
