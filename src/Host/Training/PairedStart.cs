using LossBench.Host.Matrix;
using LossBench.Sdk.Models;
using LossBench.Torch;

namespace LossBench.Host.Training;

/// <summary>
/// Where a cell's training starts: its initial weights from (seed, data set, model) and its data-order
/// and augmentation generators. The one place these seeds are applied, so a cell and its teacher
/// (or any loss of the same row) start alike.
/// </summary>
public static class PairedStart
{
    /// <summary>A fresh model with the cell's initial weights, on <paramref name="device"/>.</summary>
    public static Module<Tensor, Tensor> Model(Cell cell, IModel modelPlugin, ModelShape shape, Device device)
    {
        torch.manual_seed(SeedDerivation.Init(cell.Seed, cell.SeedKeyOf(cell.Dataset), cell.SeedKeyOf(cell.Model)));
        var model = modelPlugin.Create(shape);
        model.to(device);
        return model;
    }

    public static Generator DataOrder(Cell cell) => new(SeedDerivation.DataOrder(cell.Seed, cell.SeedKeyOf(cell.Dataset)));

    public static Generator Augmentation(Cell cell) => new(SeedDerivation.Augmentation(cell.Seed, cell.SeedKeyOf(cell.Dataset), cell.SeedKeyOf(cell.Augmentation)));
}
