using LossBench.Host.Config;
using LossBench.Host.Matrix;
using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Datasets;
using LossBench.Sdk.Losses;
using LossBench.Sdk.Models;
using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBench.Host.Training;

/// <summary>
/// The bias-model probabilities b of a training batch, for debiasing losses. <c>shallow</c>: the
/// cell's model trained with cross-entropy on a random subset of the training split for a few
/// epochs (its own seeds: every debiasing loss of a row gets the same bias model); <c>known</c>: the
/// training-set frequency of each label given the data set's bias attribute.
/// </summary>
public sealed class BiasProbabilities : IDisposable
{
    private readonly Module<Tensor, Tensor>? _model;
    private readonly Tensor? _rows;

    private BiasProbabilities(Module<Tensor, Tensor>? model, Tensor? rows)
    {
        _model = model;
        _rows = rows;
    }

    /// <summary>b [batch, classes] for a batch: <paramref name="images"/> as trained on, <paramref name="indices"/> into the training split.</summary>
    public Tensor For(Tensor images, Tensor indices)
    {
        if (_rows is not null) return _rows.index_select(0, indices.to(_rows.device));
        using var _ = no_grad();
        return nn.functional.softmax(_model!.forward(images), 1);
    }

    public static BiasProbabilities Known(TensorDataset train, int classes)
    {
        var attribute = train.BiasAttribute
            ?? throw new InvalidOperationException("the bias source 'known' needs a data set that declares a bias attribute, and this one declares none; use bias: shallow");
        using var scope = NewDisposeScope();
        // counts[a, c] = #(attribute a, label c); b for an example with attribute a is counts[a] / sum(counts[a]).
        var pairs = (attribute * classes + train.Labels).bincount();
        var attributes = (pairs.shape[0] + classes - 1) / classes;
        var counts = (attribute * classes + train.Labels).bincount(minlength: attributes * classes).to(ScalarType.Float64).reshape([attributes, classes]);
        var frequencies = counts / counts.sum(1, keepdim: true).clamp_min(1);
        return new BiasProbabilities(null, frequencies.index_select(0, attribute).to(ScalarType.Float32).MoveToOuterDisposeScope());
    }

    public static BiasProbabilities Shallow(BiasModelRequest request, Cell cell, TensorDataset train, IModel modelPlugin, ModelShape shape,
        TrainingSettings training, Device device, CancellationToken cancellation)
    {
        using var subsetGenerator = new Generator(SeedDerivation.Derive("bias-subset", cell.Seed, cell.SeedKeyOf(cell.Dataset), request.Examples.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var count = Math.Min(request.Examples, train.Count);
        TensorDataset subset;
        using (var scope = NewDisposeScope())
        {
            var chosen = randperm(train.Count, subsetGenerator).narrow(0, 0, count);
            subset = new TensorDataset(train.Images.index_select(0, chosen).MoveToOuterDisposeScope(), train.Labels.index_select(0, chosen).MoveToOuterDisposeScope());
        }
        using (subset)
        {
            manual_seed(SeedDerivation.Derive("bias-init", cell.Seed, cell.SeedKeyOf(cell.Dataset), cell.SeedKeyOf(cell.Model)));
            var model = modelPlugin.Create(shape);
            try
            {
                model.to(device);
                var settings = training with { Epochs = request.Epochs, BatchSize = (int)Math.Min(training.BatchSize, count), Schedule = ScheduleKind.Constant, WarmupEpochs = 0, Until = null };
                using var order = new Generator(SeedDerivation.Derive("bias-order", cell.Seed, cell.SeedKeyOf(cell.Dataset)));
                using var unused = new Generator(0);
                var outcome = new CellTrainer(settings, device).Train(
                    new TrainingRequest(model, subset, shape.Classes, new HardLabelCrossEntropy(), "cross-entropy (shallow bias model)", new PassThrough(), order, unused),
                    cancellation);
                if (outcome.Diverged) throw new InvalidOperationException($"the shallow bias model diverged at step {outcome.DivergedAtStep}");
                model.eval();
                return new BiasProbabilities(model, null);
            }
            catch
            {
                model.Dispose();
                throw;
            }
        }
    }

    public void Dispose()
    {
        _model?.Dispose();
        _rows?.Dispose();
    }

    /// <summary>The bias model trains on plain batches.</summary>
    private sealed class PassThrough : IAugmentation
    {
        public Batch Apply(Batch batch, Generator generator) => batch;
    }
}
