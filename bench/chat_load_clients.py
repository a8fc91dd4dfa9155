"""The chat load bench's client processes: one asyncio loop of Socket.IO AsyncClients each.

Each reports its figures on a multiprocessing queue by phase ("connected", "chats", "done") and
waits at a barrier between phases, so that the parent measures the servers between them.
"""
import asyncio
import os
import random
import time
import uuid

from bench.chat_load_setup import raise_fd_limit

CONNECT_CONCURRENCY = 100


async def _connect(make, url, namespace, auth, limit, failures):
    """Open one AsyncClient connection (at most `limit` handshakes at once); None on failure."""
    async with limit:
        client = make()
        try:
            await client.connect(url, namespaces=[namespace], auth=auth,
                                 transports=["websocket"], wait_timeout=30)
            return client
        except Exception as error:  # a refused or timed-out connection is a figure, not a crash
            failures.append(f"{namespace} connect: {type(error).__name__}: {error}")
            return None


async def _loop_lag(stop, lags):
    """Record how late this client loop wakes up (its own lag adds to every latency)."""
    while not stop.is_set():
        started = time.perf_counter()
        await asyncio.sleep(0.05)
        lags.append(time.perf_counter() - started - 0.05)


async def _wait_barrier(barrier):
    """Wait for every process at a multiprocessing barrier without blocking the loop."""
    await asyncio.get_running_loop().run_in_executor(None, barrier.wait)


async def _open_chat(visitor, advisor, limit, failures, listen):
    """Start a chat from `visitor` and claim it with `advisor`; return (visitor, chat id)."""
    async with limit:
        try:
            started = await visitor.call("chat:start", {}, namespace="/visitor", timeout=60)
            if not started["ok"]:
                raise RuntimeError(started["error"]["code"])
            chat_id = started["chat"]["id"]
            claimed = await advisor.call("chat:claim", {"chat_id": chat_id},
                                         namespace="/advisor", timeout=60)
            if not claimed["ok"]:
                raise RuntimeError(claimed["error"]["code"])
            listen(advisor)
            return visitor, chat_id
        except Exception as error:
            failures.append(f"open chat: {type(error).__name__}: {error}")
            return None


async def _conversations(pairs, urls, args, barrier, results):
    """Run this process's conversations and put its figures on `results`."""
    import aiohttp
    import socketio

    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
    limit = asyncio.Semaphore(CONNECT_CONCURRENCY)
    failures, delivered, acks, errors, lags = [], [], [], [], []
    stop = asyncio.Event()
    lag_task = asyncio.create_task(_loop_lag(stop, lags))

    def make():
        return socketio.AsyncClient(reconnection=False, http_session=session)

    def listen(advisor):
        async def on_message(data):
            message = data["message"]
            if message["author"]["kind"] == "visitor" and message["body"].startswith("t="):
                now = time.time()
                delivered.append((now, now - float(message["body"][2:])))
        advisor.on("chat:message", on_message, namespace="/advisor")

    # Advisors first: a site offers chat only while someone on its team is online.
    advisors = await asyncio.gather(*[
        _connect(make, urls[(i + 1) % len(urls)], "/advisor", {"token": advisor}, limit, failures)
        for i, (_site, _visitor, advisor) in pairs])
    visitors = await asyncio.gather(*[
        _connect(make, urls[i % len(urls)], "/visitor", {"site": site, "token": visitor}, limit,
                 failures)
        for i, (site, visitor, _advisor) in pairs])
    results.put({"phase": "connected", "visitors": sum(v is not None for v in visitors),
                 "advisors": sum(a is not None for a in advisors), "failures": failures[:5]})
    await _wait_barrier(barrier)  # the parent reads the servers' memory

    live = [(v, a) for v, a in zip(visitors, advisors) if v is not None and a is not None]
    chats = [c for c in await asyncio.gather(*[_open_chat(v, a, limit, failures, listen)
                                               for v, a in live]) if c]
    results.put({"phase": "chats", "chats": len(chats), "failures": failures[:5]})
    await _wait_barrier(barrier)  # every process starts writing at once

    sent = 0
    ends_at = time.time() + args.duration

    async def write(visitor, chat_id):
        nonlocal sent
        if not args.rate:
            return
        at = time.time() + random.random() / args.rate  # spread the conversations evenly
        while at < ends_at:
            await asyncio.sleep(max(0.0, at - time.time()))
            started = time.time()
            try:
                reply = await visitor.call("chat:send", {
                    "chat_id": chat_id, "client_id": uuid.uuid4().hex, "body": f"t={started:.6f}"},
                    namespace="/visitor", timeout=10)
                if reply["ok"]:
                    acks.append(time.time() - started)
                else:
                    errors.append(reply["error"]["code"])
            except Exception as error:
                errors.append(type(error).__name__)
            sent += 1
            at += 1.0 / args.rate  # on schedule, whatever the last one took
    await asyncio.gather(*[write(v, c) for v, c in chats])
    await asyncio.sleep(3)  # let the last deliveries arrive
    stop.set()
    await lag_task
    results.put({"phase": "done", "sent": sent, "ends_at": ends_at, "delivered": delivered,
                 "acks": acks, "errors": errors, "lags": lags, "failures": failures[:5],
                 "pid": os.getpid()})
    await _wait_barrier(barrier)


async def _idle(visitors, urls, barrier, results):
    """Hold idle visitor connections until the parent has measured the servers."""
    import aiohttp
    import socketio

    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
    limit = asyncio.Semaphore(CONNECT_CONCURRENCY)
    failures = []
    clients = await asyncio.gather(*[
        _connect(lambda: socketio.AsyncClient(reconnection=False, http_session=session),
                 urls[i % len(urls)], "/visitor", {"site": site, "token": token}, limit,
                 failures)
        for i, (site, token) in visitors])
    results.put({"phase": "connected", "visitors": sum(c is not None for c in clients),
                 "advisors": 0, "failures": failures[:5]})
    await _wait_barrier(barrier)  # the parent reads the servers' memory
    await asyncio.sleep(5)  # idle: ping/pong only
    alive = sum(c is not None and c.connected for c in clients)
    results.put({"phase": "done", "alive": alive})
    await _wait_barrier(barrier)


def client_process(mode, work, urls, args, barrier, results, cores=None):
    """Entry point of a client process: one asyncio loop for its share of the connections."""
    raise_fd_limit()
    if cores:
        os.sched_setaffinity(0, cores)  # before any thread starts: they inherit it
    try:
        if mode == "idle":
            asyncio.run(_idle(work, urls, barrier, results))
        else:
            asyncio.run(_conversations(work, urls, args, barrier, results))
    finally:
        os._exit(0)  # closing thousands of sockets one by one is not part of the figures
