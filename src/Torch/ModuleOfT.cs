namespace LossBench.Torch;

/// <summary>A module computing <typeparamref name="TResult"/> from <typeparamref name="TInput"/>, like torch.nn.Module.forward.</summary>
public abstract class Module<TInput, TResult> : Module
{
    protected Module(string name) : base(name) { }

    public abstract TResult forward(TInput input);

    /// <summary>Runs <see cref="forward"/>; the PyTorch spelling of module(input).</summary>
    public TResult call(TInput input) => forward(input);
}
