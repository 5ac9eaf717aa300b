"""Rotating log files in the data folder."""

from __future__ import annotations

import logging

from emergenza.config import Paths
from emergenza.logs import setup_logging


def test_logs_go_to_the_data_folder_and_rotate(tmp_path, clean_logging):
    paths = Paths(tmp_path / "dati")
    log_file = setup_logging(paths, logging.INFO, max_bytes=4096, backup_count=5)
    assert log_file == paths.logs / "emergenza.log"
    log = logging.getLogger("emergenza.test")
    log.debug("not written at INFO")
    for i in range(400):
        log.info("riga %04d %s", i, "x" * 60)
    for h in logging.getLogger().handlers:
        h.flush()
    files = sorted(p.name for p in paths.logs.iterdir())
    assert files == ["emergenza.log", "emergenza.log.1", "emergenza.log.2", "emergenza.log.3",
                     "emergenza.log.4", "emergenza.log.5"]  # 5 rotated files at most, the oldest dropped
    assert all(p.stat().st_size <= 4096 for p in paths.logs.iterdir())
    text = log_file.read_text(encoding="utf-8")
    assert "riga 0399" in text and "emergenza.test" in text
    assert "not written" not in "".join(p.read_text(encoding="utf-8") for p in paths.logs.iterdir())


def test_setup_twice_does_not_duplicate_lines(tmp_path, clean_logging):
    paths = Paths(tmp_path)
    setup_logging(paths)
    log_file = setup_logging(paths, "warning")
    logging.getLogger("emergenza.test").warning("una volta sola")
    logging.getLogger("emergenza.test").info("troppo poco importante")
    for h in logging.getLogger().handlers:
        h.flush()
    text = log_file.read_text(encoding="utf-8")
    assert text.count("una volta sola") == 1
    assert "troppo poco" not in text
