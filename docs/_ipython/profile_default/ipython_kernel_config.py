# Kernels that execute the pages during the build (IPYTHONDIR points here).
c = get_config()  # noqa: F821
c.IPKernelApp.log_level = "ERROR"  # ipykernel 7 logs a TCP warning per kernel otherwise
c.HistoryManager.enabled = False  # no history database written during builds
c.InteractiveShell.colors = "nocolor"  # plain tracebacks in build logs and pages
