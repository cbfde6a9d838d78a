"""``liandong policies screen [--policy CODE] [--as-of YYYY-MM-DD] [--status S] [--json]``
(docs/cli.md#policies-screen); ``policies diff --policy CODE --from V --to V``: enterprises whose status
differs between two versions; ``policies test``: run the YAML cases of the shipped packs."""

import datetime as dt

from django.core.management.base import CommandError
from django.utils import translation

from liandong.accounts.actor import add_user_argument, resolve_actor
from liandong.core.commands import LiandongCommand
from liandong.engines.eligibility import evaluate_one
from liandong.policies import statuses
from liandong.policies.packs import shipped_cases, shipped_packs
from liandong.policies.selectors import screen_payload, version_diff


def _zh() -> dict[str, str]:
    """The Chinese label of each status (policies.statuses): the human output is Chinese, as the rest of
    its lines."""
    with translation.override("zh-hans"):
        return statuses.labels()


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-of must be YYYY-MM-DD, not {text!r}") from None


class Command(LiandongCommand):
    help = "Policies and tiers: `screen` (who qualifies, who is close), `diff` (two versions), `test` (YAML cases)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        screen = sub.add_parser("screen", help="screen every enterprise against the policies")
        screen.add_argument("--policy", action="append", help="pack code (repeatable; default all)")
        screen.add_argument("--as-of", help="YYYY-MM-DD (default today); uses the latest annual year before it")
        screen.add_argument("--status", action="append", choices=statuses.ORDER, help="only results with this status")
        screen.add_argument("--json", action="store_true")
        add_user_argument(screen)
        diff = sub.add_parser("diff", help="enterprises whose status differs between two versions of a pack")
        diff.add_argument("--policy", required=True)
        diff.add_argument("--from", dest="old", required=True)
        diff.add_argument("--to", dest="new", required=True)
        diff.add_argument("--as-of")
        diff.add_argument("--json", action="store_true")
        add_user_argument(diff)
        test = sub.add_parser("test", help="run the YAML test cases of the shipped rule packs")
        test.add_argument("--json", action="store_true")

    def handle(self, *args, **opts):
        self.as_json = self.as_json or opts.get("json", False)
        action = opts["action"]
        if action == "test":
            return self._test()
        actor = resolve_actor(opts.get("user"))
        if action == "diff":
            rows = version_diff(actor=actor, code=opts["policy"], old=opts["old"], new=opts["new"],
                                as_of=_date(opts.get("as_of")))
            zh = _zh()
            human = [f"{opts['policy']} {opts['old']} → {opts['new']}：{len(rows)}家企业状态变化"]
            human += [f"  {r['name']}：{zh[r['from']]} → {zh[r['to']]}" for r in rows[:50]]
            self.emit({"policy": opts["policy"], "from": opts["old"], "to": opts["new"], "changes": rows},
                      human="\n".join(human))
            return
        payload = screen_payload(actor=actor, as_of=_date(opts.get("as_of")), codes=opts.get("policy"),
                                 statuses=set(opts["status"]) if opts.get("status") else None,
                                 results=self.as_json,  # the human summary needs no per-enterprise rows
                                 progress=lambda done, total: self.progress(f"差距说明 {done}/{total}"))
        zh, lines = _zh(), [f"筛查日期：{payload['as_of']}"]
        for p in payload["policies"]:
            counts = " ".join(f"{zh[s]}{p[s]}" for s in statuses.ORDER)
            lines.append(f"{p['name']}（{p['code']} {p['version']}版）：{counts}"
                         + ("  ※含待确认数据" if p["uncertain"] else ""))
        self.emit(payload, human="\n".join(lines))

    def _test(self):
        packs, failures, passed = shipped_packs(), [], 0
        for code, data in sorted(shipped_cases().items()):
            pack = packs[code]
            for case in data["cases"]:
                facts = {**data.get("base", {}), **(case.get("facts") or {})}
                ev = evaluate_one(pack.version(case.get("version")), facts)
                ok = ev.status == case["status"] and ("score" not in case or ev.score == case["score"])
                passed += ok
                if not ok:
                    failures.append({"policy": code, "case": case["name"], "expected": case["status"],
                                     "got": ev.status, "score": ev.score})
        human = "\n".join([f"{passed} passed, {len(failures)} failed",
                           *(f"FAIL {f['policy']}: {f['case']} (expected {f['expected']}, got {f['got']})"
                             for f in failures)])
        self.emit({"passed": passed, "failed": failures}, human=human, code=1 if failures else 0)
