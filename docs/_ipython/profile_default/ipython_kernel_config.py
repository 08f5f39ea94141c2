# Kernels that execute the pages during the build (IPYTHONDIR points here).
c = get_config()  # noqa: F821
c.IPKernelApp.log_level = "ERROR"  # ipykernel 7 logs a TCP warning per kernel otherwise
# No HistoryManager setting: nbclient starts each kernel with --HistoryManager.hist_file=:memory:
# (its ipython_hist_file default), so no history database is written. HistoryManager.enabled = False,
# set here before, made 10 of 14 kernels miss jupyter-client's 2.5 s grace for a shutdown_request
# and be terminated (3.4 s to stop a kernel instead of 0.1 to 0.2 s); without it 2 of 20 did.
c.InteractiveShell.colors = "nocolor"  # plain tracebacks in build logs and pages
