"""Puts what lives beside the package into a wheel: the compiled interface catalogs and the
Alembic migrations (participation/locale/ and participation/migrations/ in the wheel).

Everything else about the build is in pyproject.toml. participation/catalogs.py is loaded
as a file of its own, so the build needs Babel but none of the app's dependencies.
"""

import importlib.util
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithCatalogs(build_py):
    def run(self):
        super().run()
        spec = importlib.util.spec_from_file_location(
            "participation_catalogs", ROOT / "participation" / "catalogs.py")
        catalogs = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(catalogs)
        target = Path(self.build_lib) / "participation" / "locale"
        compiled = catalogs.compile_catalogs(catalogs.SOURCE_DIR, target, force=True)
        if len(compiled) != len(catalogs.CATALOGS):
            raise SystemExit(f"only {len(compiled)} of {len(catalogs.CATALOGS)} catalogs "
                             f"found in {catalogs.SOURCE_DIR}")
        # A fresh copy: a migration renamed or removed since the last build must not stay
        # behind in build/ and give the installed app two heads.
        migrations = Path(self.build_lib) / "participation" / "migrations"
        shutil.rmtree(migrations, ignore_errors=True)
        shutil.copytree(ROOT / "migrations", migrations,
                        ignore=shutil.ignore_patterns("__pycache__"))


setup(cmdclass={"build_py": BuildWithCatalogs})
