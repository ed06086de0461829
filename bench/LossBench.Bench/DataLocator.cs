namespace LossBench.Bench;

/// <summary>Finds the repository's embedded MNIST subset (data/mnist-10k) above the working directory or the program.</summary>
internal static class DataLocator
{
    private static readonly string RelativePath = Path.Combine("data", "mnist-10k");

    public static string? FindMnist10k()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, RelativePath);
                if (File.Exists(Path.Combine(candidate, "images-idx3-ubyte.gz"))) return candidate;
            }
        }
        return null;
    }
}
