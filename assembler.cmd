@echo off
rem Launcher of the annual report tool (assembler) for Windows 10/11.
rem Usage: assembler.cmd build (or check, forms, init ...); "assembler.cmd test" runs the tests.
rem Finds Python 3.11 or newer (ASSEMBLER_PYTHON, the py launcher, then python) and hands over to
rem launch.py, which makes a private environment in .assembler-venv beside this file on first
rem use, installs the tool into it (offline from wheels\ when this is an offline package) and runs
rem the command. The system's Python is never changed.
rem This file stays ASCII with CRLF line endings: cmd.exe misreads multi-byte text in batch files.
rem Chinese messages are printed by Python or PowerShell from \u escapes.
setlocal
set "ASSEMBLER_RC=2"
set "ASSEMBLER_PAUSE="
if "%~1"=="" set "ASSEMBLER_PAUSE=1"
set "ASSEMBLER_HELPER=%~dp0assembler\install\launch.py"
if not exist "%ASSEMBLER_HELPER%" set "ASSEMBLER_HELPER=%~dp0wheels\launch.py"
if not exist "%ASSEMBLER_HELPER%" goto incomplete
if not defined ASSEMBLER_PYTHON goto py
"%ASSEMBLER_PYTHON%" -c "import sys; sys.exit(sys.version_info < (3, 11))" >nul 2>nul
if errorlevel 1 goto py
"%ASSEMBLER_PYTHON%" -I "%ASSEMBLER_HELPER%" %*
set "ASSEMBLER_RC=%ERRORLEVEL%"
goto done
:py
py -3 -c "import sys; sys.exit(sys.version_info < (3, 11))" >nul 2>nul
if errorlevel 1 goto python
py -3 -I "%ASSEMBLER_HELPER%" %*
set "ASSEMBLER_RC=%ERRORLEVEL%"
goto done
:python
python -c "import sys; sys.exit(sys.version_info < (3, 11))" >nul 2>nul
if errorlevel 1 goto missing
python -I "%ASSEMBLER_HELPER%" %*
set "ASSEMBLER_RC=%ERRORLEVEL%"
goto done
:missing
rem An older Python says so in Chinese; with none, PowerShell does; English is the last resort.
py -3 -c "import sys; print(u'\u672c\u673a\u7684 Python \u662f ' + sys.version.split()[0] + u'\uff0c\u7248\u672c\u592a\u65e7\uff1a\u672c\u5de5\u5177\u9700\u8981 Python 3.11 \u6216\u66f4\u65b0\u7248\u672c\u3002\u8bf7\u4ece https://www.python.org/downloads/windows/ \u4e0b\u8f7d\u5b89\u88c5\u65b0\u7248\u672c\uff08\u5b89\u88c5\u65f6\u52fe\u9009\u201cAdd python.exe to PATH\u201d\uff09\uff0c\u7136\u540e\u91cd\u65b0\u8fd0\u884c\u3002')" 2>nul && goto done
python -c "import sys; print(u'\u672c\u673a\u7684 Python \u662f ' + sys.version.split()[0] + u'\uff0c\u7248\u672c\u592a\u65e7\uff1a\u672c\u5de5\u5177\u9700\u8981 Python 3.11 \u6216\u66f4\u65b0\u7248\u672c\u3002\u8bf7\u4ece https://www.python.org/downloads/windows/ \u4e0b\u8f7d\u5b89\u88c5\u65b0\u7248\u672c\uff08\u5b89\u88c5\u65f6\u52fe\u9009\u201cAdd python.exe to PATH\u201d\uff09\uff0c\u7136\u540e\u91cd\u65b0\u8fd0\u884c\u3002')" 2>nul && goto done
powershell -NoProfile -Command "Write-Host ([regex]::Unescape('\u672a\u627e\u5230 Python 3.11 \u6216\u66f4\u65b0\u7248\u672c\u3002\u8bf7\u4ece https://www.python.org/downloads/windows/ \u4e0b\u8f7d\u5b89\u88c5\uff08\u5b89\u88c5\u65f6\u52fe\u9009\u201cAdd python.exe to PATH\u201d\uff09\uff0c\u7136\u540e\u91cd\u65b0\u8fd0\u884c\u3002'))" 2>nul && goto done
echo Python 3.11 or newer was not found. Install it from https://www.python.org/downloads/windows/ (tick "Add python.exe to PATH"), then run this again.
goto done
:incomplete
powershell -NoProfile -Command "Write-Host ([regex]::Unescape('\u5de5\u5177\u6587\u4ef6\u5939\u4e0d\u5b8c\u6574\uff08\u7f3a\u5c11 launch.py\uff09\uff0c\u8bf7\u91cd\u65b0\u62f7\u8d1d\u5b8c\u6574\u7684\u5de5\u5177\u6587\u4ef6\u5939\u3002'))" 2>nul && goto done
echo The tool folder is incomplete (launch.py is missing): copy the whole folder again.
:done
if defined ASSEMBLER_PAUSE pause
exit /b %ASSEMBLER_RC%
