using LossBench.PluginSupport.Data;
using LossBench.Sdk.Datasets;
using LossBench.Torch;

namespace LossBench.Plugins.Datasets;

/// <summary>
/// What cifar10 and cifar100 share: finding the folder and its files, reading the batches of a split
/// in order and keeping the first images, and the class names from the names file.
/// </summary>
internal static class CifarFolder
{
    /// <summary>The folder to read: the option resolved against the benchmark's folder, else the data home's folder.</summary>
    public static string Resolve(string plugin, string? dir, string defaultFolder, DataContext context)
    {
        var directory = context.ResolvePath(dir ?? DataHome.For(defaultFolder));
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException(
                $"{plugin}: the folder {directory} does not exist; put the binary batch files there (lossbench data get {defaultFolder} downloads them into the data home) or set dir");
        return directory;
    }

    /// <summary>
    /// The split made of <paramref name="files"/> read in order and concatenated, cut to its first
    /// <paramref name="limit"/> images (files past the limit are not read). The data set owns the tensors.
    /// </summary>
    public static TensorDataset ReadSplit(string plugin, string directory, IReadOnlyList<string> files, int labelBytes, int labelIndex, int classes, int? limit, string split)
    {
        using var scope = torch.NewDisposeScope();
        var images = new List<Tensor>();
        var labels = new List<Tensor>();
        long count = 0;
        foreach (var file in files)
        {
            if (limit is { } l && count >= l) break;
            var path = Path.Combine(directory, file);
            if (!File.Exists(path))
                throw new FileNotFoundException($"{plugin}: the {split} file {path} is missing", path);
            var (x, y) = CifarBinary.Read(path, labelBytes, labelIndex, classes);
            images.Add(x);
            labels.Add(y);
            count += x.shape[0];
        }
        if (limit is { } wanted && count < wanted)
            throw new InvalidDataException(
                $"{plugin}: the {split} files ({string.Join(", ", files)} in {directory}) hold {count} images, fewer than {split} = {wanted}; lower {split} or leave it out to use them all");
        var allImages = images.Count == 1 ? images[0] : torch.cat(images, 0);
        var allLabels = labels.Count == 1 ? labels[0] : torch.cat(labels, 0);
        if (limit is { } keep && keep < count)
        {
            // A copy of the kept rows, so that the rest can be freed; without a limit the tensors are used as they are.
            allImages = allImages.narrow(0, 0, keep).clone();
            allLabels = allLabels.narrow(0, 0, keep).clone();
        }
        return new TensorDataset(allImages.DetachFromDisposeScope(), allLabels.DetachFromDisposeScope());
    }

    /// <summary>
    /// The class names: from <paramref name="namesFile"/> in the folder when the folder is known
    /// before loading (an absolute dir, or the data home's folder when none is given) and the file is
    /// there; else the standard names. A relative dir is resolved against the benchmark's folder,
    /// which only loading knows, so it gets the standard names.
    /// </summary>
    public static IReadOnlyList<string> ClassNames(string? dir, string defaultFolder, string namesFile, IReadOnlyList<string> standard)
    {
        var directory = dir is null ? DataHome.For(defaultFolder) : Path.IsPathRooted(dir) ? dir : null;
        if (directory is null) return standard;
        var path = Path.Combine(directory, namesFile);
        return File.Exists(path) ? CifarBinary.ReadClassNames(path, standard.Count) : standard;
    }
}
