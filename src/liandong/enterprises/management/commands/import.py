"""``liandong import KIND FILE [--dry-run] [--json]`` (docs/cli.md#import, docs/imports.md#the-result)."""

from pathlib import Path

from django.core.management.base import CommandError

from liandong.accounts.actor import add_user_argument, resolve_actor
from liandong.core.commands import EXIT_OK, EXIT_REJECTED, LiandongCommand
from liandong.enterprises.imports.columns import KINDS
from liandong.enterprises.imports.services import STAGES, import_run


class Command(LiandongCommand):
    help = "Import a .csv or .xlsx file of one kind; all-or-nothing."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="validate only, write nothing")
        add_user_argument(parser)

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        actor = resolve_actor(opts.get("user"))
        progress = None if opts["json"] else (lambda stage, done, total: self.progress(f"{STAGES[stage]} {done}/{total}"))
        result = import_run(actor=actor, kind=opts["kind"], name=path.name, content=path.read_bytes(),
                            dry_run=opts["dry_run"], progress=progress)
        payload = result.as_dict()
        payload["file"] = str(path)
        if result.ok:
            human = (f"{'校验通过（未写入）' if result.dry_run else '导入成功'}：{result.rows} 行，新增 {result.created}，"
                     f"更新 {result.updated}，未变 {result.unchanged}（{result.seconds:.1f} 秒）")
        else:
            lines = [f"第{e['row']}行 [{e.get('label') or e['column']}] {e['value']!s}：{e['message']}"
                     for e in result.errors[:50]]
            more = len(result.errors) - 50
            human = "导入被拒绝，未写入任何数据：\n" + "\n".join(lines) + (f"\n……另有 {more} 处错误" if more > 0 else "")
        self.emit(payload, human=human, code=EXIT_OK if result.ok else EXIT_REJECTED)
