"""``liandong template KIND -o FILE``: an empty import template with Chinese headers."""

from pathlib import Path

from liandong.core.commands import LiandongCommand
from liandong.enterprises.imports.columns import KINDS
from liandong.enterprises.imports.templates import template_csv, template_xlsx


class Command(LiandongCommand):
    help = "Write an empty import template (.xlsx, or .csv by the file name)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("-o", "--output", required=True)

    def handle(self, *args, **opts):
        path = Path(opts["output"])
        content = template_csv(opts["kind"]) if path.suffix.lower() == ".csv" else template_xlsx(opts["kind"])
        path.write_bytes(content)
        self.emit({"ok": True, "kind": opts["kind"], "file": str(path),
                   "columns": [{"key": c.key, "label": c.label, "required": c.required} for c in KINDS[opts["kind"]]]},
                  human=f"模板已写入 {path}")
