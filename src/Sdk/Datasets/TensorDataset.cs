using LossBench.Torch;

namespace LossBench.Sdk.Datasets;

/// <summary>
/// One split in memory: images float32 [N,C,H,W] in [0, 1], labels int64 [N] and, for data sets
/// with a known bias (for example the colour of a shortcut data set), the bias attribute int64 [N]
/// in the label space. Owns its tensors.
/// </summary>
public sealed class TensorDataset : IDisposable
{
    public TensorDataset(Tensor images, Tensor labels, Tensor? biasAttribute = null)
    {
        if (images.dim() != 4)
            throw new ArgumentException($"images must be [N,C,H,W], got shape [{string.Join(",", images.shape)}]", nameof(images));
        if (labels.dim() != 1 || labels.shape[0] != images.shape[0])
            throw new ArgumentException($"labels must be [N] with N = {images.shape[0]} images, got shape [{string.Join(",", labels.shape)}]", nameof(labels));
        if (biasAttribute is not null && (biasAttribute.dim() != 1 || biasAttribute.shape[0] != images.shape[0]))
            throw new ArgumentException($"the bias attribute must be [N] with N = {images.shape[0]}, got shape [{string.Join(",", biasAttribute.shape)}]", nameof(biasAttribute));
        Images = images;
        Labels = labels;
        BiasAttribute = biasAttribute;
    }

    public Tensor Images { get; }
    public Tensor Labels { get; }
    public Tensor? BiasAttribute { get; }
    public long Count => Images.shape[0];

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
        BiasAttribute?.Dispose();
    }
}
