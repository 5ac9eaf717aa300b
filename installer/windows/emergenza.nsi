; Emergenza - Windows installer (NSIS 3, 64-bit, Italian).
;
; Packages the PyInstaller onedir built ON WINDOWS (dist\emergenza). Compiled by
; installer\build.py, which passes:
;   /DVERSION=0.1.0 /DVERSION_NUMERIC=0.1.0.0 /DSRCDIR=<dist\emergenza> /DICON=<emergenza.ico>
;   /DOUTFILE=<dist\emergenza-0.1.0-setup.exe>
; On Linux build.py adds /DSYNTAX_CHECK: compression off, output thrown away.

Unicode true
!include "MUI2.nsh"
!include "x64.nsh"
!include "FileFunc.nsh"

!ifndef VERSION
  !error "VERSION non definita: compilare con python installer\build.py"
!endif
!ifndef VERSION_NUMERIC
  !define VERSION_NUMERIC "0.0.0.0"
!endif
!ifndef SRCDIR
  !error "SRCDIR non definita (cartella dist\emergenza)"
!endif
!ifndef OUTFILE
  !define OUTFILE "emergenza-${VERSION}-setup.exe"
!endif

!define APPNAME "Emergenza"
!define COMPANY "PoliziaLocale"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Emergenza"

!ifdef SYNTAX_CHECK
  SetCompress off
!else
  SetCompressor /SOLID lzma
!endif

Name "${APPNAME} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${APPNAME}"
InstallDirRegKey HKLM "Software\${COMPANY}\${APPNAME}" "InstallDir"
RequestExecutionLevel admin
BrandingText "${APPNAME} ${VERSION} - Polizia Locale"

VIProductVersion "${VERSION_NUMERIC}"
VIAddVersionKey /LANG=1040 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=1040 "CompanyName" "${COMPANY}"
VIAddVersionKey /LANG=1040 "FileDescription" "Installazione di ${APPNAME}"
VIAddVersionKey /LANG=1040 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1040 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1040 "LegalCopyright" "EUPL-1.2"

!ifdef ICON
  !define MUI_ICON "${ICON}"
  !define MUI_UNICON "${ICON}"
!endif
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\emergenza.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Avvia Emergenza"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Italian"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "Emergenza richiede Windows a 64 bit."
    Abort
  ${EndIf}
  SetRegView 64
FunctionEnd

Function un.onInit
  SetRegView 64
FunctionEnd

Section "Emergenza" SecMain
  SectionIn RO
  SetShellVarContext all
  SetOutPath "$INSTDIR"
  ; A reinstall replaces the program files; the data folder (%LOCALAPPDATA%) is untouched.
  RMDir /r "$INSTDIR\_internal"
  File /r "${SRCDIR}\*.*"
  WriteUninstaller "$INSTDIR\Disinstalla.exe"

  CreateDirectory "$SMPROGRAMS\${APPNAME}"
  CreateShortcut "$SMPROGRAMS\${APPNAME}\${APPNAME}.lnk" "$INSTDIR\emergenza.exe" "" "$INSTDIR\emergenza.exe" 0
  CreateShortcut "$SMPROGRAMS\${APPNAME}\Disinstalla ${APPNAME}.lnk" "$INSTDIR\Disinstalla.exe"
  CreateShortcut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\emergenza.exe" "" "$INSTDIR\emergenza.exe" 0

  WriteRegStr HKLM "Software\${COMPANY}\${APPNAME}" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKLM "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTKEY}" "Publisher" "Polizia Locale"
  WriteRegStr HKLM "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\emergenza.exe,0"
  WriteRegStr HKLM "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTKEY}" "UninstallString" '"$INSTDIR\Disinstalla.exe"'
  WriteRegStr HKLM "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\Disinstalla.exe" /S'
  WriteRegDWORD HKLM "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKLM "${UNINSTKEY}" "EstimatedSize" "$0"
SectionEnd

Section "Uninstall"
  SetShellVarContext all
  Delete "$DESKTOP\${APPNAME}.lnk"
  RMDir /r "$SMPROGRAMS\${APPNAME}"
  ; Only the program: the station's data, backups and logs stay in %LOCALAPPDATA%\PoliziaLocale.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\emergenza.exe"
  Delete "$INSTDIR\emergenza-cli.exe"
  Delete "$INSTDIR\Disinstalla.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTKEY}"
  DeleteRegKey HKLM "Software\${COMPANY}\${APPNAME}"
  DeleteRegKey /ifempty HKLM "Software\${COMPANY}"
SectionEnd
