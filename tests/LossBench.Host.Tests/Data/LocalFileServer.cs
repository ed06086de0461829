using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LossBench.Host.Tests.Data;

/// <summary>One GET the server saw: the path and the Range header as sent (null without one).</summary>
public sealed record ServedRequest(string Path, string? Range);

/// <summary>
/// A minimal HTTP/1.1 file server on 127.0.0.1 (one request per connection) for download tests:
/// serves byte arrays by path, honours <c>Range: bytes=N-</c> (206, or 416 past the end), and can be
/// told to break a transfer after some bytes, to answer one request with an error status, or to
/// ignore Range. Records every request so tests can check what the client asked for.
/// </summary>
public sealed class LocalFileServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, byte[]> _files = [];
    private readonly Dictionary<string, int> _dropAfter = [];
    private readonly Dictionary<string, Queue<int>> _statuses = [];
    private readonly List<ServedRequest> _requests = [];
    private readonly Lock _gate = new();
    private readonly Task _loop;

    public LocalFileServer()
    {
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _loop = Task.Run(AcceptLoop);
    }

    public Uri BaseAddress { get; }

    /// <summary>When false, a Range header is ignored and the whole file comes back with 200.</summary>
    public bool HonourRange { get; set; } = true;

    /// <summary>When false, responses carry no Content-Length: the body runs until the server closes the connection.</summary>
    public bool AnnounceLength { get; set; } = true;

    public Uri Serve(string path, byte[] content)
    {
        lock (_gate) _files[Normalize(path)] = content;
        return new Uri(BaseAddress, path.TrimStart('/'));
    }

    /// <summary>The next request for <paramref name="path"/> announces its full length but ends after <paramref name="bytes"/> bytes of the body.</summary>
    public void DropOnce(string path, int bytes)
    {
        lock (_gate) _dropAfter[Normalize(path)] = bytes;
    }

    /// <summary>The next requests for <paramref name="path"/> are answered with these statuses, one each, before files are served again (after a pending <see cref="DropOnce"/>).</summary>
    public void AnswerWith(string path, params int[] statuses)
    {
        lock (_gate) _statuses[Normalize(path)] = new Queue<int>(statuses);
    }

    public IReadOnlyList<ServedRequest> Requests
    {
        get { lock (_gate) return _requests.ToArray(); }
    }

    public IReadOnlyList<ServedRequest> RequestsFor(string path) => Requests.Where(r => r.Path == Normalize(path)).ToArray();

    private static string Normalize(string path) => "/" + path.TrimStart('/');

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = Task.Run(() => Handle(client));
        }
    }

    private async Task Handle(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            var (path, range) = await ReadRequest(stream);
            byte[]? content;
            int? status = null;
            int? dropAfter = null;
            lock (_gate)
            {
                _requests.Add(new ServedRequest(path, range));
                _files.TryGetValue(path, out content);
                if (_dropAfter.Remove(path, out var drop)) dropAfter = drop;
                else if (_statuses.TryGetValue(path, out var queue) && queue.Count > 0) status = queue.Dequeue();
            }

            if (status is { } code)
            {
                await Write(stream, code, [], ReadOnlyMemory<byte>.Empty);
                return;
            }
            if (content is null)
            {
                await Write(stream, 404, [], "not here"u8.ToArray());
                return;
            }
            var start = 0L;
            if (HonourRange && range is not null)
            {
                start = long.Parse(range["bytes=".Length..].TrimEnd('-'), CultureInfo.InvariantCulture);
                if (start >= content.Length)
                {
                    await Write(stream, 416, [$"Content-Range: bytes */{content.Length}"], ReadOnlyMemory<byte>.Empty);
                    return;
                }
            }
            var body = content.AsMemory((int)start);
            var headers = start > 0 ? new[] { $"Content-Range: bytes {start}-{content.Length - 1}/{content.Length}" } : [];
            await Write(stream, start > 0 ? 206 : 200, headers, body, dropAfter, AnnounceLength);
        }
        catch (IOException)
        {
            // The client went away; nothing to answer.
        }
    }

    private static async Task<(string Path, string? Range)> ReadRequest(NetworkStream stream)
    {
        var text = new StringBuilder();
        var one = new byte[1];
        while (!text.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one) == 0) throw new IOException("the client closed before a whole request");
            text.Append((char)one[0]);
        }
        var lines = text.ToString().Split("\r\n");
        var path = Uri.UnescapeDataString(lines[0].Split(' ')[1]);
        var range = lines.Skip(1).FirstOrDefault(l => l.StartsWith("Range:", StringComparison.OrdinalIgnoreCase))?["Range:".Length..].Trim();
        return (path, range);
    }

    private static async Task Write(NetworkStream stream, int status, string[] headers, ReadOnlyMemory<byte> body, int? dropAfter = null, bool announceLength = true)
    {
        var head = new StringBuilder($"HTTP/1.1 {status} {(HttpStatusCode)status}\r\n");
        if (announceLength) head.Append($"Content-Length: {body.Length}\r\n");
        head.Append("Connection: close\r\nContent-Type: application/octet-stream\r\n");
        foreach (var header in headers) head.Append(header).Append("\r\n");
        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        await stream.WriteAsync(dropAfter is { } n ? body[..n] : body);
        await stream.FlushAsync();
        // Closing now with bytes still owed is the broken transfer the client must resume.
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
        _stop.Dispose();
    }
}
