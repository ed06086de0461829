namespace LossBench.Bench;

/// <summary>Resident memory of this process, as the kernel reports it (VmRSS in /proc/self/status).</summary>
internal static class ProcessMemory
{
    public static long ResidentKilobytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
            var digits = line.AsSpan(6).Trim();
            var end = digits.IndexOf(' ');
            return long.Parse(end < 0 ? digits : digits[..end], System.Globalization.CultureInfo.InvariantCulture);
        }
        throw new InvalidOperationException("/proc/self/status has no VmRSS line");
    }

    /// <summary>Minor page faults of this process so far (field 10 of /proc/self/stat): fresh pages the allocator had to map.</summary>
    public static long MinorFaults()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[7], System.Globalization.CultureInfo.InvariantCulture);
    }
}
