using System.Diagnostics;
using System.Text.Json;
using LossBench.Host.Results;

namespace LossBench.Host.Tests.Results;

/// <summary>Claims on cells: exclusive, released only by their holder, and taken over only when stale (by explicit claim files, no timing).</summary>
public sealed class CellClaimTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "lossbench-claims-" + Guid.NewGuid().ToString("N"));
    private readonly List<string> _messages = [];

    private ResultStore Store => new(_folder);

    private CellClaims Claims(double staleMinutes = 10) => new(Store, TimeSpan.FromMinutes(staleMinutes), _messages.Add);

    private void WriteClaim(string cellId, CellClaim claim, DateTime? lastWrite = null)
    {
        var path = Path.Combine(_folder, "claims", cellId + CellClaims.Extension);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, JsonSerializer.Serialize(claim, ResultJson.Options));
        if (lastWrite is { } time) File.SetLastWriteTimeUtc(path, time);
    }

    private static CellClaim Claim(string host, int pid, DateTime processStarted) => new(host, pid, processStarted, DateTime.UtcNow, Guid.NewGuid().ToString("N"), "test");

    private static DateTime ThisProcessStarted => Process.GetCurrentProcess().StartTime.ToUniversalTime();

    [Fact]
    public void ASecondClaimerIsRefusedAndToldWhoHoldsTheCell()
    {
        using var first = Claims();
        using var second = Claims();
        Assert.True(first.TryClaim("cell1", "cell one", out _));
        Assert.False(second.TryClaim("cell1", "cell one", out var holder));
        Assert.Equal(Environment.ProcessId, holder!.Pid);
        Assert.Equal(Environment.MachineName, holder.Host);
        // Another cell is free.
        Assert.True(second.TryClaim("cell2", "cell two", out _));
    }

    [Fact]
    public void ReleasingFreesTheCellAndDeletesOnlyTheHoldersOwnClaim()
    {
        using var first = Claims();
        Assert.True(first.TryClaim("cell1", "cell one", out _));
        first.Release("cell1");
        Assert.False(File.Exists(first.PathOf("cell1")));

        Assert.True(first.TryClaim("cell1", "cell one", out _));
        // Someone replaced the claim file (a take-over): releasing must not delete theirs.
        var theirs = Claim("elsewhere", 4242, DateTime.UtcNow);
        WriteClaim("cell1", theirs);
        first.Release("cell1");
        Assert.True(File.Exists(first.PathOf("cell1")));
    }

    [Fact]
    public void AClaimOfAnEndedProcessOnThisHostIsTakenOverWithAMessage()
    {
        // This process's id with another start time: the id now names another process, the claimer is gone.
        WriteClaim("cell1", Claim(Environment.MachineName, Environment.ProcessId, ThisProcessStarted.AddHours(-3)));
        using var claims = Claims();
        Assert.True(claims.TryClaim("cell1", "cell one", out _));
        Assert.Contains(_messages, m => m.StartsWith("cell one: took over its claim", StringComparison.Ordinal) && m.Contains("its process has ended"));
    }

    [Fact]
    public void ALiveProcessOnThisHostKeepsItsClaimHoweverOld()
    {
        WriteClaim("cell1", Claim(Environment.MachineName, Environment.ProcessId, ThisProcessStarted), DateTime.UtcNow.AddDays(-2));
        using var claims = Claims();
        Assert.False(claims.TryClaim("cell1", "cell one", out _));
        Assert.Empty(_messages);
    }

    [Fact]
    public void AnotherHostsClaimIsTakenOverOnlyAfterTheTimeoutWithoutRefresh()
    {
        WriteClaim("fresh", Claim("node-a", 1234, DateTime.UtcNow), DateTime.UtcNow.AddMinutes(-5));
        WriteClaim("stale", Claim("node-b", 1234, DateTime.UtcNow), DateTime.UtcNow.AddMinutes(-15));
        using var claims = Claims(staleMinutes: 10);
        Assert.False(claims.TryClaim("fresh", "fresh cell", out var holder));
        Assert.Equal("node-a", holder!.Host);
        Assert.True(claims.TryClaim("stale", "stale cell", out _));
        Assert.Contains(_messages, m => m.Contains("node-b pid 1234") && m.Contains("last refreshed 15 min ago"));
    }

    [Fact]
    public void TemporaryFilesAreRemovedOnlyForAClaimedCellOrWhenLongAbandoned()
    {
        var store = Store;
        Directory.CreateDirectory(store.WeightsDirectory);
        var mine = Path.Combine(store.WeightsDirectory, ".cell1.safetensors.abc.tmp");
        var another = Path.Combine(store.WeightsDirectory, ".cell2.safetensors.def.tmp");
        var liveReport = Path.Combine(store.Directory, ".report.md.77.ghi.tmp");
        var oldReport = Path.Combine(store.Directory, ".report.csv.78.jkl.tmp");
        foreach (var file in new[] { mine, another, liveReport, oldReport }) File.WriteAllText(file, "partial");
        File.SetLastWriteTimeUtc(oldReport, DateTime.UtcNow.AddHours(-2));

        store.RemoveTemporaryFilesOf("cell1");
        store.RemoveAbandonedTemporaryFiles(TimeSpan.FromHours(1));

        Assert.False(File.Exists(mine));
        Assert.True(File.Exists(another));
        Assert.True(File.Exists(liveReport));
        Assert.False(File.Exists(oldReport));
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }
}
