#!/bin/sh
# 年度报告生成工具的启动脚本（Linux、macOS，以及统信 UOS、麒麟等信创系统）。
# Usage: ./assembler.sh build | check | forms | init ... ; ./assembler.sh test runs the tests.
#
# Finds Python 3.11 or newer and hands over to launch.py, which makes a private environment in
# .assembler-venv/ beside this file on first use, installs the tool into it (offline from wheels/
# when this is an offline package) and runs the command. The system Python is never changed.
# Set ASSEMBLER_PYTHON to a python executable to choose one.

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd) || exit 2
helper="$here/assembler/install/launch.py"
[ -f "$helper" ] || helper="$here/wheels/launch.py"
if [ ! -f "$helper" ]; then
  echo "工具文件夹不完整：找不到 $here/assembler/install/launch.py 或 $here/wheels/launch.py，请重新拷贝完整的工具文件夹。" >&2
  exit 2
fi

old=""
for python in ${ASSEMBLER_PYTHON:+"$ASSEMBLER_PYTHON"} python3 python3.14 python3.13 python3.12 python3.11 python; do
  command -v "$python" >/dev/null 2>&1 || continue
  if "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then
    exec "$python" -I "$helper" "$@"
  fi
  [ -n "$old" ] || old=$("$python" -c 'import sys; sys.stdout.write("%d.%d %s" % (sys.version_info[0], sys.version_info[1], sys.executable))' 2>/dev/null)
done

if [ -n "$old" ]; then
  echo "本机的 Python 是 ${old%% *}（${old#* }），版本太旧：本工具需要 Python 3.11 或更新版本。请安装新版本（统信 UOS、麒麟、Debian、Ubuntu：sudo apt install python3.11 python3.11-venv；其他系统见 https://www.python.org/downloads/），然后重新运行。" >&2
else
  echo "未找到 Python 3.11 或更新版本。请先安装（统信 UOS、麒麟、Debian、Ubuntu：sudo apt install python3 python3-venv；其他系统见 https://www.python.org/downloads/），然后重新运行。" >&2
fi
exit 2
