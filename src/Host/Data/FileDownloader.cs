using System.Net;
using System.Net.Http.Headers;

namespace LossBench.Host.Data;

/// <summary>How hard to try: attempts per address, the first pause between them (doubling), and how long a stalled transfer may sit silent.</summary>
public sealed record DownloadSettings(int AttemptsPerAddress, TimeSpan FirstRetryDelay, TimeSpan StallTimeout)
{
    public static DownloadSettings Default { get; } = new(4, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
}

/// <summary>
/// Downloads one publisher file to its final path, trying each address in order. Bytes go to
/// <c>&lt;file&gt;.partial</c>; a .partial left by a broken transfer is resumed with
/// <c>Range: bytes=&lt;length&gt;-</c> (appended on 206, restarted from zero on 200, settled by the
/// total on 416). Transient failures (dropped connections, timeouts, 5xx, 408, 429) are retried with
/// a doubling pause; a transfer that made progress before breaking does not use up an attempt.
/// The whole file is then checked against the publisher's checksum: a mismatch deletes it and
/// tries the next address. Only a verified file ever gets the final name.
/// <para>
/// A server never gets to send more than the file's published size plus a small margin
/// (<see cref="MaxBytes"/>): a larger announced length is refused before the body is read, and a
/// body that runs past the limit (announced or not) is cut off there, its partial file deleted, and
/// the next address tried. A mirror that streams without end cannot fill the disk.
/// </para>
/// </summary>
public sealed class FileDownloader(HttpClient http, DownloadSettings settings, DownloadProgress progress)
{
    public const string PartialSuffix = ".partial";

    /// <summary>The least slack over the published size: 64 KiB.</summary>
    public const long MinimumMargin = 64 * 1024;

    /// <summary>
    /// The most bytes accepted for <paramref name="file"/>: its published size plus 1% (at least
    /// <see cref="MinimumMargin"/>). The checksum decides whether the bytes are the file; the margin
    /// only keeps a slightly wrong published size from hiding that verdict behind a size error.
    /// </summary>
    public static long MaxBytes(DataFile file) => file.Size + Math.Max(MinimumMargin, file.Size / 100);

    /// <summary>Downloads <paramref name="file"/> to <paramref name="destination"/>; returns the address that served it.</summary>
    public async Task<Uri> DownloadAsync(DataFile file, IReadOnlyList<Uri> addresses, string destination, CancellationToken cancellation)
    {
        var partial = destination + PartialSuffix;
        var failures = new List<string>();
        foreach (var address in addresses)
        {
            var failure = await TryAddressAsync(file, address, partial, cancellation);
            if (failure is null)
            {
                var actual = file.Checksum.ComputeFor(partial);
                if (actual == file.Checksum.Hex)
                {
                    File.Move(partial, destination, overwrite: true);
                    return address;
                }
                File.Delete(partial);
                failure = $"checksum mismatch: expected {file.Checksum.Algorithm} {file.Checksum.Hex}, got {actual} (the file was deleted)";
            }
            failures.Add($"{address}: {failure}");
        }
        throw new DataSetException($"{file.Name} could not be downloaded and verified:{string.Concat(failures.Select(f => Environment.NewLine + "  " + f))}");
    }

    /// <summary>Gets the whole file from one address into <paramref name="partial"/>, retrying transient failures; null on success, else why it gave up.</summary>
    private async Task<string?> TryAddressAsync(DataFile file, Uri address, string partial, CancellationToken cancellation)
    {
        var failedAttempts = 0;
        while (true)
        {
            var before = File.Exists(partial) ? new FileInfo(partial).Length : 0;
            string reason;
            try
            {
                var outcome = await TransferAsync(file, address, partial, cancellation);
                if (outcome.Complete) return null;
                if (!outcome.Transient) return outcome.Reason;
                reason = outcome.Reason;
            }
            catch (TooLargeException e)
            {
                return e.Message;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TimeoutException ||
                                      (e is OperationCanceledException && !cancellation.IsCancellationRequested))
            {
                reason = e is OperationCanceledException ? "timed out" : e.Message;
            }
            finally
            {
                progress.Done();
            }

            var after = File.Exists(partial) ? new FileInfo(partial).Length : 0;
            if (after > before) failedAttempts = 0; // it moved forward: resume without using up an attempt
            else failedAttempts++;
            if (failedAttempts >= settings.AttemptsPerAddress)
                return $"{reason} (gave up after {settings.AttemptsPerAddress} attempts)";
            var pause = settings.FirstRetryDelay * Math.Pow(2, Math.Max(0, failedAttempts - 1));
            if (pause > TimeSpan.Zero) await Task.Delay(pause, cancellation);
        }
    }

    /// <summary>A transfer that would pass <see cref="MaxBytes"/>: not worth another attempt at the same address.</summary>
    private sealed class TooLargeException(string message) : Exception(message);

    private sealed record Outcome(bool Complete, bool Transient, string Reason)
    {
        public static Outcome Done { get; } = new(true, false, "");
        public static Outcome Retry(string reason) => new(false, true, reason);
        public static Outcome GiveUp(string reason) => new(false, false, reason);
    }

    /// <summary>One request: resumes what <paramref name="partial"/> holds when the server allows it.</summary>
    private async Task<Outcome> TransferAsync(DataFile file, Uri address, string partial, CancellationToken cancellation)
    {
        var have = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, address);
        if (have > 0) request.Headers.Range = new RangeHeaderValue(have, null);
        using var response = await WithStallTimeout(t => http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, t), cancellation);

        switch (response.StatusCode)
        {
            case HttpStatusCode.PartialContent when have > 0:
                if (response.Content.Headers.ContentRange?.From != have)
                {
                    File.Delete(partial);
                    return Outcome.Retry($"the server answered a range other than bytes={have}- ({response.Content.Headers.ContentRange}); starting again from zero");
                }
                await ReceiveAsync(file, response, partial, FileMode.Append, have, cancellation);
                return Outcome.Done;
            case HttpStatusCode.OK:
                // A server without range support sends the whole file again: start over.
                await ReceiveAsync(file, response, partial, FileMode.Create, 0, cancellation);
                return Outcome.Done;
            case HttpStatusCode.RequestedRangeNotSatisfiable when have > 0:
                // Nothing lies past what we have: complete when the server's total is exactly that, else start over.
                if (response.Content.Headers.ContentRange?.Length == have) return Outcome.Done;
                File.Delete(partial);
                return Outcome.Retry($"the server refused bytes={have}- (total {response.Content.Headers.ContentRange?.Length?.ToString() ?? "unknown"}); starting again from zero");
            case var status when (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests:
                return Outcome.Retry($"HTTP {(int)status} {response.ReasonPhrase}");
            case var status:
                return Outcome.GiveUp($"HTTP {(int)status} {response.ReasonPhrase}");
        }
    }

    private async Task ReceiveAsync(DataFile file, HttpResponseMessage response, string partial, FileMode mode, long offset, CancellationToken cancellation)
    {
        var limit = MaxBytes(file);
        var total = response.Content.Headers.ContentLength is { } length ? offset + length : (long?)null;
        if (total > limit)
        {
            throw new TooLargeException($"the server announces {total} bytes for {file.Name}, whose published size is {file.Size} bytes " +
                                        $"(at most {limit} are accepted); nothing was downloaded from it");
        }
        await using var body = await response.Content.ReadAsStreamAsync(cancellation);
        var tooLarge = false;
        var received = offset;
        await using (var target = new FileStream(partial, mode, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            var buffer = new byte[1 << 16];
            while (true)
            {
                // Never ask for more than one byte past the limit: that byte is how a longer body shows.
                var want = (int)Math.Min(buffer.Length, limit + 1 - received);
                var read = await WithStallTimeout(t => body.ReadAsync(buffer.AsMemory(0, want), t).AsTask(), cancellation);
                if (read == 0) break;
                if (received + read > limit)
                {
                    tooLarge = true;
                    break;
                }
                await target.WriteAsync(buffer.AsMemory(0, read), cancellation);
                received += read;
                progress.Report(file.Name, received, total ?? file.Size);
            }
        }
        if (tooLarge)
        {
            File.Delete(partial);
            throw new TooLargeException($"the server sent more than {limit} bytes for {file.Name}, whose published size is {file.Size} bytes; " +
                                        "the transfer was stopped there and the partial file deleted");
        }
        if (total is not null && received != total)
            throw new IOException($"the transfer ended after {received} of {total} bytes");
    }

    /// <summary>Runs one network step that must answer within the stall timeout (HttpClient's own timeout does not cover reading the body).</summary>
    private async Task<T> WithStallTimeout<T>(Func<CancellationToken, Task<T>> step, CancellationToken cancellation)
    {
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        stall.CancelAfter(settings.StallTimeout);
        return await step(stall.Token);
    }
}
