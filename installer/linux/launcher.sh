#!/bin/sh
# Launcher on PATH for the bundled app in /opt/emergenza (a script, not a symlink, so the
# bundle always finds its own folder).
exec /opt/emergenza/emergenza "$@"
