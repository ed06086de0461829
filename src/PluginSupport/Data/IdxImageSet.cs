using LossBench.Torch;

namespace LossBench.PluginSupport.Data;

/// <summary>Images and labels from a pair of IDX files, as tensors: float32 [N, 1, H, W] in [0, 1] and int64 [N].</summary>
public static class IdxImageSet
{
    /// <summary>
    /// Loads an image file (IDX3: N x H x W) and a label file (IDX1: N), checking that the counts
    /// agree and that every label is below <paramref name="classes"/>. The tensors belong to the
    /// caller's dispose scope, if any.
    /// </summary>
    public static (Tensor Images, Tensor Labels) Load(string imagesPath, string labelsPath, int classes = 10)
    {
        var images = IdxReader.Read(imagesPath);
        var labels = IdxReader.Read(labelsPath);
        if (images.Dimensions.Length != 3)
            throw new InvalidDataException($"{imagesPath}: expected images of 3 dimensions (N x H x W), found {images.Dimensions.Length}");
        if (labels.Dimensions.Length != 1)
            throw new InvalidDataException($"{labelsPath}: expected labels of 1 dimension (N), found {labels.Dimensions.Length}");
        if (images.Count != labels.Count)
            throw new InvalidDataException($"{imagesPath} has {images.Count} images but {labelsPath} has {labels.Count} labels");
        for (var i = 0; i < labels.Data.Length; i++)
            if (labels.Data[i] >= classes)
                throw new InvalidDataException($"{labelsPath}: label {labels.Data[i]} at index {i} is outside 0..{classes - 1}");

        long n = images.Dimensions[0], h = images.Dimensions[1], w = images.Dimensions[2];
        using var raw = torch.tensor(images.Data, [n, 1, h, w]);
        var imageTensor = raw.to(ScalarType.Float32).div_(255.0);
        using var rawLabels = torch.tensor(labels.Data, [n]);
        var labelTensor = rawLabels.to(ScalarType.Int64);
        return (imageTensor, labelTensor);
    }
}
