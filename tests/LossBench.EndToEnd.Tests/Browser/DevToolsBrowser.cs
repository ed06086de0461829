using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace LossBench.EndToEnd.Tests.Browser;

/// <summary>
/// A headless Chromium driven over the DevTools protocol: just enough of it to open a page, hear
/// its console, its exceptions and its network requests, evaluate a script, and take a screenshot.
/// Chromium is started with a profile of its own in a temporary folder and a debugging port it
/// picks (written to DevToolsActivePort there), and is killed on dispose.
/// </summary>
internal sealed class DevToolsBrowser : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly Dictionary<int, TaskCompletionSource<JsonObject>> _pending = [];
    private readonly List<JsonObject> _events = [];
    private readonly SemaphoreSlim _eventArrived = new(0);
    private readonly StringBuilder _stderr = new();
    private Task? _reader;
    private int _nextId;

    private DevToolsBrowser(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>The Chromium to use: $LOSSBENCH_CHROMIUM, else chromium (Debian's package) or chromium-browser on PATH; null when there is none.</summary>
    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable("LOSSBENCH_CHROMIUM") is { Length: > 0 } chosen) return File.Exists(chosen) ? chosen : null;
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return new[] { "chromium", "chromium-browser" }.SelectMany(name => folders.Select(folder => Path.Combine(folder, name))).FirstOrDefault(File.Exists);
    }

    public static async Task<DevToolsBrowser> Launch(string executable, TimeSpan timeout)
    {
        var profile = Path.Combine(Path.GetTempPath(), "lossbench-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        var start = new ProcessStartInfo(executable) { RedirectStandardError = true, RedirectStandardOutput = true };
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start. The rest keeps
        // Chromium's own background traffic (updates, sync, field trials) out of the picture.
        foreach (var argument in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--remote-debugging-port=0", $"--user-data-dir={profile}",
                     "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--disable-default-apps", "--mute-audio", "--hide-scrollbars", "about:blank",
                 })
            start.ArgumentList.Add(argument);
        var browser = new DevToolsBrowser(Process.Start(start)!, profile);
        browser._process.ErrorDataReceived += (_, e) => { lock (browser._stderr) browser._stderr.AppendLine(e.Data); };
        browser._process.OutputDataReceived += (_, _) => { };
        browser._process.BeginErrorReadLine();
        browser._process.BeginOutputReadLine();
        var portFile = Path.Combine(profile, "DevToolsActivePort");
        var deadline = DateTime.UtcNow + timeout;
        string[]? lines = null;
        while (lines is not { Length: >= 2 })
        {
            if (browser._process.HasExited) throw new InvalidOperationException($"{executable} exited with code {browser._process.ExitCode} before it opened its debugging port:\n{browser.Stderr}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{executable} did not open its debugging port within {timeout}:\n{browser.Stderr}");
            await Task.Delay(50);
            try { lines = File.Exists(portFile) ? await File.ReadAllLinesAsync(portFile) : null; }
            catch (IOException) { lines = null; }
        }
        await browser._socket.ConnectAsync(new Uri($"ws://127.0.0.1:{lines[0].Trim()}{lines[1].Trim()}"), CancellationToken.None);
        browser._reader = Task.Run(browser.Read);
        return browser;
    }

    public string Stderr
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    /// <summary>Every event received so far (method, params, sessionId), in order.</summary>
    public IReadOnlyList<JsonObject> Events
    {
        get { lock (_events) return _events.ToArray(); }
    }

    public async Task<JsonObject> Send(string method, JsonObject? parameters = null, string? sessionId = null)
    {
        var completion = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        int id;
        lock (_pending)
        {
            id = ++_nextId;
            _pending[id] = completion;
        }
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        if (sessionId is not null) message["sessionId"] = sessionId;
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        var reply = await completion.Task.WaitAsync(TimeSpan.FromMinutes(2));
        if (reply["error"] is JsonObject error) throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
        return reply["result"]?.AsObject() ?? new JsonObject();
    }

    /// <summary>Waits for the first event named <paramref name="method"/> of the session.</summary>
    public async Task<JsonObject> WaitFor(string method, string sessionId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (Events.FirstOrDefault(e => (string?)e["method"] == method && (string?)e["sessionId"] == sessionId) is { } found) return found;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _eventArrived.WaitAsync(left)) throw new TimeoutException($"no {method} within {timeout}");
        }
    }

    private async Task Read()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        while (_socket.State == WebSocketState.Open)
        {
            WebSocketReceiveResult result;
            try { result = await _socket.ReceiveAsync(buffer, CancellationToken.None); }
            catch (WebSocketException) { break; }
            if (result.MessageType == WebSocketMessageType.Close) break;
            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage) continue;
            var node = JsonNode.Parse(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length))!.AsObject();
            message.SetLength(0);
            if (node["id"] is { } id)
            {
                TaskCompletionSource<JsonObject>? waiting;
                lock (_pending) _pending.Remove((int)id, out waiting);
                waiting?.TrySetResult(node);
            }
            else
            {
                lock (_events) _events.Add(node);
                _eventArrived.Release();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open) await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is WebSocketException or TimeoutException) { }
        _socket.Dispose();
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        if (_reader is not null) await _reader.WaitAsync(TimeSpan.FromSeconds(10));
        try { Directory.Delete(_profile, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
