"""Kernels for runs: a warm kernel that one worker keeps between reports, the
Papermill engine that executes a notebook in it and leaves it running, and
the kernels' transport: encrypted (CurveZMQ) where pyzmq and the kernel
support it, so that no kernel warns that it runs over TCP without encryption."""

from __future__ import annotations

from pathlib import Path

from ocoplib.base.i18n import gettext as _

KERNEL = "python3"


def transport_encryption() -> str:
    """The kernel manager's policy: ``auto`` gives the kernel CurveZMQ keys
    when its kernelspec declares support (ipykernel's does), so that what the
    report computes is not sent in plain text over the local TCP ports;
    ``disabled`` where pyzmq was built without CurveZMQ."""
    import zmq

    return "auto" if zmq.has("curve") else "disabled"


def kernel_config():
    """The Jupyter configuration of the kernels ocop starts (passed to Papermill)."""
    from traitlets.config import Config

    return Config({"KernelManager": {"transport_encryption": transport_encryption()}})


class WarmKernel:
    """A kernel kept between the reports that one worker process runs.

    Starting a kernel and importing ocoplib into it costs seconds, more than
    most reports; a warm kernel pays that once. Each report still starts
    clean: IPython's reset empties the namespace and restarts the execution
    count, so the executed notebook is the one a fresh kernel gives (the
    tests compare them). After a failure, or ``uses`` reports, the kernel is
    discarded and the next report gets a new one."""

    def __init__(self, uses: int = 25):
        self.uses = uses
        self.km = None
        self.count = 0
        self.cwd: Path | None = None

    def manager(self, cwd: Path):
        """A running kernel in ``cwd`` with an empty namespace."""
        from jupyter_client.blocking import BlockingKernelClient
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        if self.km is not None and (
            self.count >= self.uses or self.cwd != cwd or not run_sync(self.km.is_alive)()
        ):
            self.discard()
        if self.km is None:
            self.km = AsyncKernelManager(
                kernel_name=KERNEL, transport_encryption=transport_encryption()
            )
            run_sync(self.km.start_kernel)(cwd=str(cwd))
            self.cwd, self.count = cwd, 0
        client = BlockingKernelClient()
        client.load_connection_info(self.km.get_connection_info())
        client.start_channels()
        try:
            client.wait_for_ready(timeout=60)
            reply = client.execute_interactive(
                "get_ipython().reset(new_session=True)",
                silent=True,
                store_history=False,
                timeout=60,
            )
        finally:
            client.stop_channels()
        if reply["content"]["status"] != "ok":
            raise RuntimeError(
                _("the kernel could not be reset: {reply}").format(reply=reply["content"])
            )
        self.count += 1
        return self.km

    def discard(self) -> None:
        from jupyter_core.utils import run_sync

        if self.km is None:
            return
        try:
            run_sync(self.km.shutdown_kernel)(now=True)
        except Exception:  # a kernel that is already gone
            pass
        self.km = None


def warm_engine():
    """A Papermill engine that runs the notebook in a given kernel and leaves it running."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger

    class WarmEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man,
            kernel_name,
            log_output=False,
            stdout_file=None,
            stderr_file=None,
            start_timeout=60,
            execution_timeout=None,
            **kwargs,
        ):
            kwargs.pop("input_path", None)
            client = PapermillNotebookClient(
                nb_man,
                timeout=execution_timeout,
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log=logger,
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
                **kwargs,
            )
            try:
                return client.execute()
            finally:
                if client.kc is not None:
                    client.kc.stop_channels()

    papermill_engines.register("ocop-warm", WarmEngine)
    return "ocop-warm"
