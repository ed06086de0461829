using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LossBench.Host.Results;

/// <summary>
/// Claims on cells, so that any number of processes pointed at one results folder (two `run`s, the
/// shards of a Slurm array, the worker processes of `run --jobs N`) never compute one cell twice:
/// before a cell is computed, claims/&lt;cell id&gt;.claim is created exclusively (<see cref="FileMode.CreateNew"/>,
/// O_CREAT|O_EXCL) holding the claimer's host, process id and start time; it is deleted when the
/// cell's record is written. A claim is taken over, with a message, when its process is gone (same
/// host: the id names no process, or one started at another time; a live one keeps its claim for
/// good) or, for a claim of another host, when it has not been refreshed for <see cref="StaleAfter"/>:
/// each holder touches its claims every <see cref="HeartbeatInterval"/>, so a long cell keeps its
/// claim however long it trains.
/// Take-overs are serialised by a second exclusive file (&lt;id&gt;.claim.takeover), so two processes
/// that find one stale claim cannot both take it.
/// <para>
/// On a shared network file system this assumes what NFSv3+ and the common cluster file systems
/// (Lustre, GPFS, BeeGFS) give: exclusive create and rename are atomic across clients; host names
/// are unique; clocks agree to well within <see cref="StaleAfter"/> (NTP), because the age of
/// another host's claim is its modification time compared with this host's clock.
/// </para>
/// </summary>
public sealed class CellClaims : IDisposable
{
    public const string Extension = ".claim";
    private const string TakeoverSuffix = ".takeover";
    private readonly Dictionary<string, CellClaim> _held = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly Action<string> _message;
    private readonly Timer _heartbeat;

    public CellClaims(ResultStore store, TimeSpan staleAfter, Action<string> message)
    {
        Directory = Path.Combine(store.Directory, "claims");
        StaleAfter = staleAfter;
        _message = message;
        HeartbeatInterval = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(1).Ticks, Math.Min(TimeSpan.FromMinutes(1).Ticks, staleAfter.Ticks / 4)));
        _heartbeat = new Timer(_ => Refresh(), null, HeartbeatInterval, HeartbeatInterval);
    }

    /// <summary>The default for a claim of another host: not refreshed for this long, it is taken as abandoned.</summary>
    public static TimeSpan DefaultStaleAfter { get; } = TimeSpan.FromMinutes(10);

    public string Directory { get; }
    public TimeSpan StaleAfter { get; }
    public TimeSpan HeartbeatInterval { get; }

    public string PathOf(string cellId) => Path.Combine(Directory, cellId + Extension);

    /// <summary>
    /// Claims <paramref name="cellId"/> for this process: true when it is now this process's (a stale
    /// claim is taken over, saying so); false, with the holder when it could be read, when another
    /// live process holds it.
    /// </summary>
    public bool TryClaim(string cellId, string label, out CellClaim? holder)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = PathOf(cellId);
        // A few times at most: again after a stale claim was removed or a claim was released meanwhile.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var claim = CellClaim.OfThisProcess();
            if (TryCreate(path, claim))
            {
                lock (_lock) _held[cellId] = claim;
                holder = null;
                return true;
            }
            holder = Read(path, out var lastWrite);
            if (lastWrite == DateTime.MinValue) continue; // released meanwhile: create it again
            if (Stale(holder, lastWrite) is not { } why) return false;
            if (!TryTakeOver(path, holder, why, label)) return false;
        }
        holder = Read(path, out _);
        return false;
    }

    /// <summary>Deletes this process's claim on <paramref name="cellId"/>, unless another process has taken it over meanwhile.</summary>
    public void Release(string cellId)
    {
        CellClaim? mine;
        lock (_lock)
        {
            if (!_held.Remove(cellId, out mine)) return;
        }
        var path = PathOf(cellId);
        if (Read(path, out _)?.Token == mine.Token) TryDelete(path);
    }

    /// <summary>Every claim in the folder with its last refresh, for `slurm status` (unreadable ones with a null claim).</summary>
    public IReadOnlyList<(string CellId, CellClaim? Claim, DateTime LastRefresh, string? Stale)> All()
    {
        if (!System.IO.Directory.Exists(Directory)) return [];
        return System.IO.Directory.EnumerateFiles(Directory, "*" + Extension)
            .Order(StringComparer.Ordinal)
            .Select(path =>
            {
                var claim = Read(path, out var lastWrite);
                return (Path.GetFileNameWithoutExtension(path), claim, lastWrite, Stale(claim, lastWrite));
            })
            .ToArray();
    }

    /// <summary>Why a claim no longer protects its cell, or null while its process may still be computing it.</summary>
    public string? Stale(CellClaim? claim, DateTime lastWrite)
    {
        if (lastWrite == DateTime.MinValue) return null; // gone meanwhile: the next create decides
        if (claim is not null && claim.OnThisHost)
            // This host's processes can be asked directly: a live one keeps its claim however long its cell trains.
            return claim.ProcessGoneOnThisHost() ? "its process has ended" : null;
        var age = DateTime.UtcNow - lastWrite;
        if (age <= StaleAfter) return null;
        var minutes = string.Create(CultureInfo.InvariantCulture, $"{age.TotalMinutes:F0} min");
        return claim is null
            ? $"it cannot be read and was last written {minutes} ago"
            : $"it was last refreshed {minutes} ago (claims of other hosts are taken over after {StaleAfter.TotalMinutes.ToString(CultureInfo.InvariantCulture)} min)";
    }

    private bool TryTakeOver(string path, CellClaim? stale, string why, string label)
    {
        var takeover = path + TakeoverSuffix;
        if (!TryCreate(takeover, CellClaim.OfThisProcess()))
        {
            // Someone is taking it over now, or died doing so (then its take-over file is stale by the same rules).
            var other = Read(takeover, out var lastWrite);
            if (Stale(other, lastWrite) is null) return false;
            TryDelete(takeover);
            if (!TryCreate(takeover, CellClaim.OfThisProcess())) return false;
        }
        try
        {
            // Under the take-over file nobody else removes the claim: check that it is still the stale one.
            var now = Read(path, out var lastWrite);
            if (now?.Token != stale?.Token || Stale(now, lastWrite) is null) return false;
            TryDelete(path);
            _message($"{label}: took over its claim ({stale?.Describe() ?? "unreadable"}): {why}");
            return true;
        }
        finally
        {
            TryDelete(takeover);
        }
    }

    private void Refresh()
    {
        string[] cells;
        lock (_lock) cells = _held.Keys.ToArray();
        foreach (var cell in cells)
        {
            try { File.SetLastWriteTimeUtc(PathOf(cell), DateTime.UtcNow); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    private static bool TryCreate(string path, CellClaim claim)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
        using (stream)
        {
            stream.Write(new UTF8Encoding(false).GetBytes(JsonSerializer.Serialize(claim, ResultJson.Options) + "\n"));
            stream.Flush(flushToDisk: true);
        }
        return true;
    }

    /// <summary>The claim in <paramref name="path"/> (null when missing or not readable yet) and its last write time (MinValue when missing).</summary>
    private static CellClaim? Read(string path, out DateTime lastWrite)
    {
        lastWrite = DateTime.MinValue;
        try
        {
            if (!File.Exists(path)) return null;
            lastWrite = File.GetLastWriteTimeUtc(path);
            // A file deleted after the check reads as 1601-01-01.
            if (lastWrite.Year < 1700) { lastWrite = DateTime.MinValue; return null; }
            return JsonSerializer.Deserialize<CellClaim>(File.ReadAllText(path), ResultJson.Options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return null;
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    public void Dispose()
    {
        _heartbeat.Dispose();
        foreach (var cell in _held.Keys.ToArray()) Release(cell);
    }
}
