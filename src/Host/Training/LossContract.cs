using LossBench.Torch;

namespace LossBench.Host.Training;

/// <summary>
/// What every loss plugin promises (<see cref="LossBench.Sdk.Losses.ILoss.Compute"/>): one scalar that
/// autograd can differentiate. Checked on the first step of every cell and in `plan`'s dry run, so a
/// broken loss fails with a message naming it and what it returned, not with a libtorch error later.
/// </summary>
public static class LossContract
{
    public static void Check(Tensor value, string lossName)
    {
        if (value.numel() != 1 || value.shape.Length > 1)
            throw new PluginContractException($"the loss {lossName} returned a tensor of shape [{string.Join(", ", value.shape)}]; a loss returns one scalar (for example the mean over the batch)");
        if (!value.requires_grad)
            throw new PluginContractException($"the loss {lossName} returned a value without a gradient (computed under no_grad, detached, or not from the logits); training could not change the model");
        if (value.dtype is not (ScalarType.Float32 or ScalarType.Float64 or ScalarType.Float16 or ScalarType.BFloat16))
            throw new PluginContractException($"the loss {lossName} returned a {value.dtype} tensor; a loss is a floating-point scalar");
    }
}
