# Kernels that execute the pages during the build (IPYTHONDIR points here).
c = get_config()  # noqa: F821
c.IPKernelApp.log_level = "ERROR"  # ipykernel 7 logs a TCP warning per kernel otherwise
# No HistoryManager setting: nbclient starts each kernel with --HistoryManager.hist_file=:memory:
# (its ipython_hist_file default), so no history database is written. HistoryManager.enabled = False,
# set here before, made 10 of 14 kernels miss the grace jupyter-client then gave a shutdown_request
# (2.5 s, half of its default shutdown_wait_time) and be terminated, 3.4 s each; without it 2 of
# 20 did. The grace is 0.5 s now (notesite/ext/snippet_cells.py, startup/30-quick-exit.py).
c.InteractiveShell.colors = "nocolor"  # plain tracebacks in build logs and pages
